// mapInfluxSeries() is pure: column, row and tag rules without an influxd.
import { describe, expect, it } from 'vitest'
import type { InfluxQuery } from '../../../../collectors/plugins/influxql/config.ts'
import { mapInfluxSeries } from '../../../../collectors/plugins/influxql/mapping.ts'

const now = new Date('2025-06-30T12:00:00Z')
const query = (q: Partial<InfluxQuery>): InfluxQuery => ({
  query: 'SELECT x FROM y',
  metric: 'm',
  tags: [],
  rows: 'last',
  type: 'gauge',
  ...q,
})

describe('mapInfluxSeries()', () => {
  it('uses the collection time when InfluxDB reports time 0 for an unbounded aggregate', () => {
    const out = mapInfluxSeries(
      [{ name: 'cpu', tags: {}, columns: ['time', 'mean'], values: [[0, 42]] }],
      query({ app: 'sm2m' }),
      now,
    )
    expect(out.samples).toEqual([{ app: 'sm2m', metric: 'm', value: 42, at: now }])
  })

  it('picks the newest non-null row whatever the ORDER BY when rows is last', () => {
    const values = [
      [3_000, null],
      [2_000, 20],
      [1_000, 10],
    ]
    const out = mapInfluxSeries([{ name: 'cpu', tags: {}, columns: ['time', 'mean'], values }], query({ app: 'sm2m' }), now)
    expect(out.samples).toEqual([{ app: 'sm2m', metric: 'm', value: 20, at: new Date(2_000) }])
  })

  it('reports a named field that is not among the columns', () => {
    const out = mapInfluxSeries(
      [{ name: 'cpu', tags: {}, columns: ['time', 'mean'], values: [[1, 1]] }],
      query({ app: 'sm2m', field: 'max' }),
      now,
    )
    expect(out.problems).toEqual(['series cpu has no column "max" (columns: mean)'])
  })

  it('reports a tag value missing from appMap', () => {
    const out = mapInfluxSeries(
      [{ name: 'cpu', tags: { host: 'x9' }, columns: ['time', 'mean'], values: [[1, 1]] }],
      query({ appTag: 'host', appMap: { a: 'sm2m' } }),
      now,
    )
    expect(out.problems).toEqual(['tag host=x9 is not in appMap'])
    expect(out.samples).toEqual([])
  })
})
