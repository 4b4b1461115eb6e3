// mapSeries() is pure: label-to-sample rules without a Prometheus.
import { describe, expect, it } from 'vitest'
import type { PromSeries } from '../../../../collectors/plugins/prometheus/api.ts'
import type { PrometheusQuery } from '../../../../collectors/plugins/prometheus/config.ts'
import { mapSeries } from '../../../../collectors/plugins/prometheus/mapping.ts'

const at = new Date('2025-06-30T12:00:00Z')
const series = (labels: Record<string, string>, ...values: number[]): PromSeries => ({
  labels,
  points: values.map((value, i) => ({ at: new Date(at.getTime() + i * 60_000), value })),
})
const query = (q: Partial<PrometheusQuery>): PrometheusQuery => ({ expr: 'x', metric: 'm', tags: [], type: 'gauge', ...q })

describe('mapSeries()', () => {
  it('drops NaN and Inf points and counts them when a ratio divides by zero', () => {
    const out = mapSeries([series({}, 1, NaN, Infinity, 4)], query({ app: 'sm2m' }))
    expect(out.samples.map((s) => s.value)).toEqual([1, 4])
    expect(out.nonFinite).toBe(2)
    expect(out.problems).toEqual([])
  })

  it('maps job labels through appMap and reports a job it does not know', () => {
    const out = mapSeries(
      [series({ job: 'sm2m-nodes' }, 5), series({ job: 'new-job' }, 6)],
      query({ appLabel: 'job', appMap: { 'sm2m-nodes': 'sm2m' } }),
    )
    expect(out.samples).toEqual([{ app: 'sm2m', metric: 'm', value: 5, at }])
    expect(out.problems).toEqual(['label job="new-job" is not in appMap'])
  })

  it('reports a series that lacks a tag label instead of emitting it with an empty tag', () => {
    const out = mapSeries([series({ instance: 'a' }, 1), series({}, 2)], query({ app: 'ggsn', tags: ['instance'] }))
    expect(out.samples).toEqual([{ app: 'ggsn', metric: 'm', value: 1, at, tags: { instance: 'a' } }])
    expect(out.problems).toEqual(['series {} lacks tag label(s) instance'])
  })

  it('keeps only points inside [from, to) when a backfill window is given', () => {
    const out = mapSeries([series({}, 1, 2, 3)], query({ app: 'ggsn' }), {
      from: new Date(at.getTime() + 60_000),
      to: new Date(at.getTime() + 120_000),
    })
    expect(out.samples.map((s) => s.value)).toEqual([2])
  })
})
