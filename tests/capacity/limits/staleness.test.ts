// Staleness: a series with no sample for N of its own intervals is stale,
// in the snapshot (flag, age, RAG reason), in the live cache's inferred
// interval, and on /metrics.
import { describe, expect, it } from 'vitest'
import { assessStaleness, medianGapMs, staleReason } from '../../../server/capacity/limits/staleness.ts'
import { computeSnapshot, seriesKey, type MetricObservation } from '../../../server/capacity/snapshot/snapshot.ts'
import { ObservationCache } from '../../../server/runtime/observations.ts'
import { estateSchema, type Estate } from '../../../server/config/schema.ts'
import { createMetrics } from '../../../server/metrics.ts'

const now = new Date('2026-06-01T12:00:00Z')
const s = 1000

function estate(staleIntervals?: number): Estate {
  return estateSchema.parse({
    name: 'table',
    ...(staleIntervals !== undefined ? { defaults: { staleIntervals } } : {}),
    applications: [
      {
        id: 'gw',
        name: 'Gateway',
        metrics: [
          {
            id: 'tps',
            name: 'TPS',
            kind: 'throughput',
            unit: 'tx/s',
            leadTimeDays: 30,
            limits: [{ name: 'licence', value: 100, evidence: { source: 'vendor', date: '2025-01-01' } }],
          },
        ],
      },
    ],
  })
}

describe('medianGapMs()', () => {
  it.each([
    { scenario: 'no samples', times: [], expected: null },
    { scenario: 'one sample', times: [0], expected: null },
    { scenario: 'a steady 5 s cadence', times: [0, 5, 10, 15].map((t) => t * s), expected: 5 * s },
    { scenario: 'one missed sample among 5 s gaps', times: [0, 5, 10, 20, 25].map((t) => t * s), expected: 5 * s },
    { scenario: 'times out of order and a duplicate', times: [10, 0, 5, 5].map((t) => t * s), expected: 5 * s },
    { scenario: 'an even number of gaps', times: [0, 10, 30].map((t) => t * s), expected: 15 * s },
  ])('medianGapMs() is $expected when $scenario', ({ times, expected }) => {
    expect(medianGapMs(times)).toBe(expected)
  })
})

describe('assessStaleness()', () => {
  it.each([
    { scenario: 'no sample at all', at: null, interval: 5 * s, expected: { stale: false, lastSampleAgeSeconds: null } },
    {
      scenario: 'the interval is not known yet',
      at: -3600 * s,
      interval: null,
      expected: { stale: false, lastSampleAgeSeconds: 3600 },
    },
    {
      scenario: 'the age is exactly N intervals',
      at: -15 * s,
      interval: 5 * s,
      expected: { stale: false, lastSampleAgeSeconds: 15 },
    },
    {
      scenario: 'the age is just past N intervals',
      at: -16 * s,
      interval: 5 * s,
      expected: { stale: true, lastSampleAgeSeconds: 16 },
    },
    {
      scenario: 'a daily series is a day old',
      at: -86_400 * s,
      interval: 86_400 * s,
      expected: { stale: false, lastSampleAgeSeconds: 86_400 },
    },
    {
      scenario: 'the sample is from the future (clock skew)',
      at: 30 * s,
      interval: 5 * s,
      expected: { stale: false, lastSampleAgeSeconds: 0 },
    },
  ])('assessStaleness() is $expected when $scenario', ({ at, interval, expected }) => {
    const latestAt = at === null ? null : new Date(now.getTime() + at)
    expect(assessStaleness(latestAt, interval, 3, now)).toEqual(expected)
  })
})

describe('computeSnapshot() staleness', () => {
  const observe = (ageSeconds: number, intervalMs: number | null): Map<string, MetricObservation> =>
    new Map([
      [seriesKey('gw', 'tps'), { latest: { value: 50, at: new Date(now.getTime() - ageSeconds * s) }, peak24h: 60, intervalMs }],
    ])

  it('computeSnapshot() marks a metric stale and says so in the RAG reason when no sample came for 3 intervals', () => {
    const m = computeSnapshot(estate(), observe(240, 5 * s), now).applications[0]!.metrics[0]!
    expect(m.stale).toBe(true)
    expect(m.lastSampleAgeSeconds).toBe(240)
    expect(m.rag).toBe('green')
    expect(m.reason).toBe('stale: no sample for 4 min (expected every 5 s); 24 h peak 60 % of breakpoint, below warn 70 %')
  })

  it('computeSnapshot() keeps a fresh metric unflagged with the plain RAG reason', () => {
    const m = computeSnapshot(estate(), observe(4, 5 * s), now).applications[0]!.metrics[0]!
    expect(m).toMatchObject({
      stale: false,
      lastSampleAgeSeconds: 4,
      staleAfterSeconds: 15,
      reason: '24 h peak 60 % of breakpoint, below warn 70 %',
    })
  })

  it('computeSnapshot() uses defaults.staleIntervals from the estate when set', () => {
    const lenient = computeSnapshot(estate(100), observe(240, 5 * s), now).applications[0]!.metrics[0]!
    expect(lenient.stale).toBe(false)
  })

  it('estateSchema rejects staleIntervals of 0 with a sentence', () => {
    const r = estateSchema.safeParse({ ...estate(), defaults: { staleIntervals: 0 } })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({
      path: ['defaults', 'staleIntervals'],
      message: 'expected a whole number of intervals above 0',
    })
  })
})

describe('staleReason()', () => {
  it('staleReason() words hours and days for slow series', () => {
    expect(staleReason(3 * 86_400, 3600 * s)).toBe('stale: no sample for 3 days (expected every 60 min)')
  })
})

describe('ObservationCache staleness inputs', () => {
  const point = (sec: number, tags?: Record<string, string>) => ({
    app: 'gw',
    metric: 'tps',
    value: 10,
    at: new Date(now.getTime() + sec * s),
    ...(tags ? { tags } : {}),
  })

  it('observations() infers a 10 s interval from live samples even with one gap', () => {
    const cache = new ObservationCache(estate())
    cache.add([0, 10, 20, 30, 50, 60].map((t) => point(t)))
    expect(cache.observations(now).get('gw/tps')?.intervalMs).toBe(10 * s)
  })

  it('observations() leaves the interval unknown after a single sample', () => {
    const cache = new ObservationCache(estate())
    cache.add([point(0)])
    expect(cache.observations(now).get('gw/tps')?.intervalMs).toBeNull()
  })

  it('observations() infers the interval from seeded 5-min bucket counts after a restart', () => {
    const cache = new ObservationCache(estate())
    const buckets = Array.from({ length: 12 }, (_, i) => ({
      at: new Date(now.getTime() - (12 - i) * 300 * s),
      mean: 1,
      max: 2,
      count: 60,
    }))
    cache.seed([{ app: 'gw', metric: 'tps', value: 1, at: new Date(now.getTime() - 10 * s) }], new Map([['gw/tps', buckets]]))
    expect(cache.observations(now).get('gw/tps')?.intervalMs).toBe(5 * s)
  })

  it('observations() ignores perf-test results so evidence rows do not count as load', () => {
    const cache = new ObservationCache(estate())
    cache.add([
      { ...point(0), value: 10 },
      { ...point(5, { source: 'perf-test' }), value: 900 },
    ])
    expect(cache.observations(now).get('gw/tps')).toMatchObject({ latest: { value: 10 }, peak24h: 10 })
  })
})

describe('createMetrics() staleness gauges', () => {
  it('/metrics has headroom_series_stale 1 and the last sample age for a stale series', async () => {
    const snapshot = computeSnapshot(
      estate(),
      new Map([
        [seriesKey('gw', 'tps'), { latest: { value: 50, at: new Date(Date.now() - 600 * s) }, peak24h: 60, intervalMs: 5 * s }],
      ]),
      new Date(),
    )
    const metrics = createMetrics({ snapshot: () => snapshot, collectors: () => [], ingestBuffered: () => 0 })
    const text = await metrics.registry.metrics()
    expect(text).toContain('headroom_series_stale{app="gw",metric="tps"} 1')
    const age = /headroom_series_last_sample_age_seconds\{app="gw",metric="tps"\} ([\d.]+)/.exec(text)
    expect(Number(age?.[1])).toBeGreaterThanOrEqual(600)
  })

  it('/metrics calls a series stale at scrape time when the snapshot is older than its threshold', async () => {
    // The snapshot was taken right after a sample (fresh then); the source went quiet 10 minutes ago.
    const takenAt = new Date(Date.now() - 600 * s)
    const snapshot = computeSnapshot(
      estate(),
      new Map([[seriesKey('gw', 'tps'), { latest: { value: 50, at: takenAt }, peak24h: 60, intervalMs: 5 * s }]]),
      takenAt,
    )
    expect(snapshot.applications[0]!.metrics[0]!.stale).toBe(false)
    const metrics = createMetrics({ snapshot: () => snapshot, collectors: () => [], ingestBuffered: () => 0 })
    expect(await metrics.registry.metrics()).toContain('headroom_series_stale{app="gw",metric="tps"} 1')
  })
})
