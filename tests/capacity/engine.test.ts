// computeEngine() on a small estate whose series are exact straight lines, so
// every date and slack can be checked by hand: with modelMinDays set to 28,
// fewer than 28 days of history are forecast by Theil–Sen, which recovers a
// straight line exactly (P90 = P50, zero residuals). Uses the real augurs
// backend.
import { describe, expect, it } from 'vitest'
import { bandDays } from '../../server/capacity/forecast/forecast-band.ts'
import { computeEngine, engineForecast } from '../../server/capacity/engine.ts'
import {
  restoreEngineCache,
  restoreEngineCacheInSteps,
  serialiseEngineCache,
} from '../../server/capacity/forecast/cache-codec.ts'
import type { EngineInput } from '../../server/capacity/engine-input.ts'
import { DAY_MS, HOUR_MS, type Bucket } from '../../server/capacity/forecast/types.ts'
import { amberSlackDays, slackRag } from '../../server/capacity/planning/slack-rag.ts'
import { computeSnapshot, type MetricObservation } from '../../server/capacity/snapshot/snapshot.ts'
import { engineSettingsSchema } from '../../server/config/engine-schema.ts'
import { augursBackend } from '../../server/runtime/augurs-backend.ts'
import { createEnginePool } from '../../server/runtime/fit-pool.ts'
import { estate as parseEstate, metric } from './fixtures.ts'

const now = new Date('2025-03-01T12:00:00Z')
const today = Date.parse('2025-03-01T00:00:00Z')
// Safety buffer 14 d, horizon 180 d, min history 14 d; Theil–Sen below 28 days (the default leaves them to the portfolio).
const settings = engineSettingsSchema.parse({ forecast: { modelMinDays: 28 } })

/** Hourly buckets for `days` whole days before today; day d peaks at 18:00 at peakOf(d). */
function hourly(days: number, peakOf: (d: number) => number): Bucket[] {
  const out: Bucket[] = []
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h++) {
      const peak = peakOf(d)
      out.push({ at: today - (days - d) * DAY_MS + h * HOUR_MS, mean: peak / 2, max: h === 18 ? peak : peak / 2 })
    }
  }
  return out
}
// 2025-02-09 .. 2025-02-28: 100, 110, ..., 290, so the forecast for 2025-03-01 + h is 300 + 10h.
const line = hourly(20, (d) => 100 + 10 * d)

const estate = parseEstate({
  name: 'engine table',
  applications: [
    {
      id: 'a',
      name: 'A',
      metrics: [
        metric('m1', 400, {
          limits: [{ name: 'licence', value: 400, evidence: { source: 'vendor', date: '2023-01-01' } }],
          upgrades: [{ name: 'licence +200', adds: 200, leadTimeDays: 30, cost: 1000 }],
        }),
      ],
    },
    { id: 'b', name: 'B', metrics: [metric('m2', 1000, { leadTimeDays: 40 })] },
    { id: 'c', name: 'C', metrics: [metric('m3', 5000), metric('short', 100), metric('over', 100)] },
  ],
  chains: [
    {
      id: 'e2e',
      name: 'E2E',
      steps: [
        { app: 'a', metric: 'm1', fanOut: 1 },
        { app: 'b', metric: 'm2', fanOut: 2 },
      ],
    },
  ],
  drivers: [{ id: 'installs', name: 'Installs', unit: '/day' }],
})

const peaks: Record<string, number> = { 'a/m1': 290, 'b/m2': 600, 'c/m3': 290, 'c/short': 50, 'c/over': 120 }
const observations = new Map<string, MetricObservation>(
  Object.entries(peaks).map(([k, p]) => [k, { latest: { value: p, at: new Date(today + 11 * HOUR_MS) }, peak24h: p }]),
)
const history = new Map<string, Bucket[]>([
  ['a/m1', line],
  ['b/m2', line],
  ['c/m3', line],
  ['c/short', hourly(10, () => 50)],
  ['c/over', hourly(20, () => 120)],
])
const base: EngineInput = {
  estate,
  settings,
  history,
  drivers: new Map([['drivers/installs', line]]),
  snapshot: computeSnapshot(estate, observations, now),
  now,
  backend: augursBackend(),
}
const result = computeEngine(base)
const m = (key: string) => result.metrics.find((r) => r.key === key)!

describe('computeEngine() per metric', () => {
  it('computeEngine() dates the breach of a linear trend and makes slack negative when lead time + buffer exceed the time left', () => {
    const r = m('a/m1')
    // 300 + 10h ≥ 400 at h = 10: 2025-03-11. Order-by = 03-11 − 30 d lead − 14 d buffer = 01-26: 34 days late.
    expect(r.forecast?.model).toBe('theil-sen')
    expect(r.forecast?.historyDays).toBe(20)
    expect(r.p50Breach).toEqual({ date: '2025-03-11', days: 10 })
    expect(r.p90Breach).toEqual({ date: '2025-03-11', days: 10 })
    expect(r.orderBy).toBe('2025-01-26')
    expect(r.slackDays).toBe(-34)
    expect(r.slackRag).toBe('red')
    expect(r.rag).toBe('red') // utilisation alone is amber (290/400 = 73 % ≥ warn 70 %)
    expect(r.reason).toMatch(/order-by date passed 34 days ago/)
  })

  it('computeEngine() states the holdout back-test: 5 days, MASE 0 for an exact line vs 1.0 for seasonal naive', () => {
    // Holdout = min(14, 20/4) = 5; naive repeats 180..220 against 250..290: error 70 = one weekly difference.
    expect(m('a/m1').forecast?.backtest).toEqual({ holdoutDays: 5, mase: 0, naiveMase: 1, p90Coverage: 1, origins: 1 })
    expect(m('a/m1').forecast?.backtestReason).toBeNull()
  })

  it('computeEngine() is amber when slack is positive but under half the lead time', () => {
    const r = m('b/m2')
    // 300 + 10h ≥ 1000 at h = 70: 2025-05-10. Order-by = 05-10 − 40 − 14 = 03-17: 16 days; amber below max(14, 20) = 20.
    expect(r.p90Breach?.date).toBe('2025-05-10')
    expect(r.orderBy).toBe('2025-03-17')
    expect(r.slackDays).toBe(16)
    expect(r.slackRag).toBe('amber')
    expect(r.rag).toBe('amber')
  })

  it('computeEngine() is green with null dates when the P90 stays below the breakpoint within the horizon', () => {
    const r = m('c/m3')
    // 300 + 10·179 = 2090 < 5000.
    expect(r.p90Breach).toBeNull()
    expect(r.slackDays).toBeNull()
    expect(r.slackRag).toBe('green')
    expect(r.breachReason).toMatch(/no breach within the forecast horizon 2025-03-01\.\.2025-08-27/)
  })

  it('computeEngine() refuses the forecast with a reason and gives slack RAG unknown when history is 10 days', () => {
    const r = m('c/short')
    expect(r.forecast).toBeNull()
    expect(r.forecastReason).toBe('only 10 days of history; a forecast needs at least 14')
    expect(r.slackRag).toBe('unknown')
    expect(r.rag).toBe('green') // utilisation 50 % still gives a RAG
  })

  it('computeEngine() dates a breach today when the live peak is already over the breakpoint', () => {
    const r = m('c/over')
    // 120 ≥ 100 now: breach 03-01, order-by 03-01 − 30 − 14 = 01-16: 44 days late.
    expect(r.p90Breach).toEqual({ date: '2025-03-01', days: 0 })
    expect(r.slackDays).toBe(-44)
    expect(r.rag).toBe('red')
  })

  it('computeEngine() reports the binding limit evidence as 790 days old and stale when older than 365', () => {
    expect(m('a/m1').evidence).toEqual({ limit: 'licence', source: 'vendor', date: '2023-01-01', ageDays: 790, stale: true })
    expect(m('b/m2').evidence.stale).toBe(false)
  })
})

describe('computeEngine() across the estate', () => {
  it('computeEngine() finds a/m1 as the chain bottleneck and b/m2 next after its upgrade', () => {
    const c = result.chains[0]!
    // Chain tx/s: a/m1 400 − 290 = 110 spare; b/m2 (1000 − 600) / 2 = 200 spare; a/m1 + 200 → 310, so b/m2 binds.
    expect(c.bottleneckKey).toBe('a/m1')
    expect(c.spare).toBe(110)
    expect(c.nextBottleneckKey).toBe('b/m2')
    expect(c.next).toEqual({ upgrade: 'licence +200', bottleneck: 1, spare: 200, gain: 90 })
    expect(c.firstBreach).toEqual({ key: 'a/m1', date: '2025-03-11' })
  })

  it('computeEngine() ranks upgrades by slack, then chains, and says why', () => {
    expect(result.upgrades.map((u) => `${u.app}/${u.metric}`)).toEqual(['c/over', 'a/m1', 'b/m2', 'c/m3', 'c/short'])
    expect(result.upgrades[0]?.why).toMatch(/^order is 44 days late \(order-by 2025-01-16\)/)
    expect(result.upgrades[1]?.why).toMatch(/bottleneck of 1 chain\(s\): e2e; "licence \+200" adds 200 at 5\.00 per unit/)
  })

  it('computeEngine() lists stale evidence and the limit live data contradicts', () => {
    expect(result.limits.stale.map((s) => `${s.app}/${s.metric}:${s.ageDays}`)).toEqual(['a/m1:790'])
    expect(result.limits.contradicted.map((s) => `${s.app}/${s.metric}`)).toEqual(['c/over'])
  })

  it('computeEngine() forecasts drivers from drivers/<id> history', () => {
    expect(result.drivers).toEqual([
      expect.objectContaining({
        key: 'drivers/installs',
        forecastReason: null,
        horizonEnd: { date: '2025-08-27', p50: 2090, p90: 2090 },
      }),
    ])
  })

  it('computeEngine() names the legend from input.legend and keeps the rules', () => {
    const named = computeEngine({ ...base, cache: result.cache, legend: { red: 'Order now' } })
    expect(named.legend.map((l) => `${l.rag}:${l.name}`)).toEqual([
      'red:Order now',
      'amber:Order soon',
      'green:Time to spare',
      'unknown:No forecast',
    ])
  })

  it('engineForecast() returns the full 180-day band behind a summary', () => {
    const f = engineForecast(result.cache, 'a/m1')
    const days = f ? bandDays(f.band) : []
    expect(days).toHaveLength(180)
    expect(days[0]).toEqual({ date: '2025-03-01', p50: 300, p90: 300 })
  })
})

describe('computeEngine() incremental updates', () => {
  const versions = new Map([...history.keys(), 'drivers/installs'].map((k) => [k, 1]))
  const first = computeEngine({ ...base, versions })

  it('computeEngine() fits nothing again when every series version is unchanged', () => {
    const again = computeEngine({ ...base, versions, cache: first.cache })
    expect(first.stats).toMatchObject({ metrics: 5, drivers: 1, fitted: 6, reused: 0 })
    expect(again.stats).toMatchObject({ fitted: 0, reused: 6, backtested: 0 })
    expect(again.metrics).toEqual(first.metrics)
  })

  it('computeEngine() refits nothing when a new bucket lands in today (completed days unchanged)', () => {
    const withToday = new Map(history)
    withToday.set('a/m1', [...line, { at: today + HOUR_MS, mean: 999, max: 999 }])
    const next = computeEngine({ ...base, history: withToday, versions: new Map(versions).set('a/m1', 2), cache: first.cache })
    expect(next.stats).toMatchObject({ fitted: 0, reused: 6 })
  })

  it('computeEngine() refits only the metric whose completed days changed', () => {
    const changed = new Map(history)
    changed.set(
      'a/m1',
      hourly(20, (d) => 100 + 12 * d),
    )
    const next = computeEngine({ ...base, history: changed, versions: new Map(versions).set('a/m1', 2), cache: first.cache })
    expect(next.stats).toMatchObject({ fitted: 1, reused: 5, backtested: 1 })
    // 100 + 12·20 = 340 tomorrow, +12/day: ≥ 400 at h = 5, 2025-03-06.
    expect(next.metrics.find((r) => r.key === 'a/m1')?.p50Breach?.date).toBe('2025-03-06')
  })

  it('computeEngine() refits every series the next day but keeps back-tests under a week old', () => {
    const tomorrow = new Date(now.getTime() + DAY_MS)
    const longer = hourly(21, (d) => 100 + 10 * d).map((b) => ({ ...b, at: (b.at as number) + DAY_MS }))
    const next = computeEngine({
      ...base,
      now: tomorrow,
      history: new Map([...history].map(([k, v]) => [k, k === 'c/short' ? v : longer])),
      cache: first.cache,
    })
    expect(next.stats).toMatchObject({ fitted: 6, backtested: 0, pending: 0 })
    const r = next.metrics.find((x) => x.key === 'a/m1')!
    expect(r.forecast).toMatchObject({ historyTo: '2025-03-01', backtestAsOf: '2025-02-28', backtest: { mase: 0 } })
    expect(r.p50Breach).toEqual({ date: '2025-03-11', days: 9 })
  })

  it('computeEngine() defers back-tests in quick mode and runs them from the cache on a later holdout pass', () => {
    const quick = computeEngine({ ...base, backtest: 'skip' })
    expect(quick.metrics[0]?.forecast?.backtest).toBeNull()
    expect(quick.metrics[0]?.forecast?.backtestReason).toMatch(/not run in the quick snapshot/)
    const later = computeEngine({ ...base, cache: quick.cache })
    expect(later.stats).toMatchObject({ fitted: 0, backtested: 5 })
    expect(later.metrics[0]?.forecast?.backtest?.mase).toBe(0)
  })
})

describe('createEnginePool()', () => {
  it('createEnginePool().prefit() fits every series on worker threads so computeEngine() fits none and agrees with the serial result', async () => {
    const pool = createEnginePool(2)
    try {
      const cache = await pool.prefit(base)
      const pooled = computeEngine({ ...base, cache })
      expect(pooled.stats).toMatchObject({ fitted: 0, backtested: 0, pending: 0 })
      expect(pooled.metrics).toEqual(result.metrics)
      expect(pooled.drivers).toEqual(result.drivers)
    } finally {
      await pool.close()
    }
  })
})

describe('restoreEngineCache()', () => {
  it('restoreEngineCache() gives back a cache that makes a restart fit nothing', () => {
    const restored = restoreEngineCache(serialiseEngineCache(result.cache))
    if (!restored.ok) throw new Error(restored.reason)
    expect(restored.value.dropped).toEqual([])
    const again = computeEngine({ ...base, cache: restored.value.cache })
    expect(again.stats).toMatchObject({ fitted: 0, backtested: 0 })
    expect(again.metrics).toEqual(result.metrics)
  })

  it('restoreEngineCache() drops an entry with a bad field and names it, keeping the rest', () => {
    const file = JSON.parse(serialiseEngineCache(result.cache)) as { series: [string, { fitted: unknown }][] }
    file.series[1]![1].fitted = ['x']
    const restored = restoreEngineCache(JSON.stringify(file), 'data/engine-cache.json')
    if (!restored.ok) throw new Error(restored.reason)
    expect(restored.value.dropped).toEqual([
      { key: file.series[1]![0], reason: expect.stringMatching(/^data\/engine-cache\.json: series\[1\] \(.+\)\.fitted\.0: /) },
    ])
    expect(restored.value.cache.series.size).toBe(file.series.length - 1)
  })

  it('restoreEngineCacheInSteps() gives its event loop a step per series and ends with the same cache', () => {
    const text = serialiseEngineCache(result.cache)
    const steps = restoreEngineCacheInSteps(text, 'c.json')
    let yields = 0
    let step = steps.next()
    while (!step.done) {
      yields++
      step = steps.next()
    }
    expect(yields).toBe(result.cache.series.size)
    expect(step.value).toEqual(restoreEngineCache(JSON.stringify(JSON.parse(text)), 'c.json'))
  })

  it('restoreEngineCache() loses only the series on a damaged line, naming the line', () => {
    const lines = serialiseEngineCache(result.cache).split('\n')
    lines[2] = `,["${'x'.repeat(5)}", {"trunc`
    const restored = restoreEngineCache(lines.join('\n'), 'data/engine-cache.json')
    if (!restored.ok) throw new Error(restored.reason)
    expect(restored.value.dropped).toEqual([
      { key: 'series[1]', reason: expect.stringMatching(/^data\/engine-cache\.json: series\[1\] \(line 3\): not JSON/) },
    ])
    expect(restored.value.cache.series.size).toBe(result.cache.series.size - 1)
  })

  it('restoreEngineCache() refuses a cache of another version, line layout or not', () => {
    const text = serialiseEngineCache(result.cache).replace(/"version":\d+/, '"version":1')
    expect(restoreEngineCache(text, 'c.json')).toMatchObject({ ok: false, reason: expect.stringMatching(/^c\.json: version: /) })
  })

  it('restoreEngineCache() refuses text that is not a cache, naming the source', () => {
    expect(restoreEngineCache('{', 'data/engine-cache.json')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^data\/engine-cache\.json: not JSON/),
    })
    expect(restoreEngineCache('{"format":"x"}', 'c.json')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^c\.json: format: .*expected headroom-engine-cache version \d+/),
    })
  })
})

describe('computeEngine() with a fit budget', () => {
  it('computeEngine() fits the fullest metric first, shows Theil–Sen stand-ins for the rest, and converges on the next call', () => {
    // Peak utilisation: c/over 120 %, a/m1 73 %, b/m2 60 %, c/short 50 % (refused: final), c/m3 6 %; then the driver.
    const first = computeEngine({ ...base, backtest: 'skip', fitBudget: 1 })
    expect(first.stats).toMatchObject({ fitted: 1, pending: 4 })
    expect(first.metrics.find((r) => r.key === 'c/over')?.forecast?.provisional).toBe(false)
    const a = first.metrics.find((r) => r.key === 'a/m1')!
    expect(a.forecast?.provisional).toBe(true)
    expect(a.forecast?.explanation).toMatch(/^provisional: model fit deferred/)
    expect(a.forecast?.backtestReason).toMatch(/provisional forecast/)
    expect(first.metrics.find((r) => r.key === 'c/short')?.forecastReason).toMatch(/only 10 days/)
    const second = computeEngine({ ...base, backtest: 'skip', fitBudget: 10, cache: first.cache })
    expect(second.stats).toMatchObject({ fitted: 4, pending: 0 })
    expect(second.metrics.find((r) => r.key === 'a/m1')).toMatchObject({
      p50Breach: { date: '2025-03-11', days: 10 },
      forecast: { provisional: false },
    })
  })
})

describe('slackRag()', () => {
  it.each([
    { slack: -1, lead: 30, buffer: 14, expected: 'red' },
    { slack: 0, lead: 30, buffer: 14, expected: 'amber' },
    { slack: 13, lead: 10, buffer: 14, expected: 'amber' },
    { slack: 14, lead: 10, buffer: 14, expected: 'green' },
    { slack: 59, lead: 120, buffer: 14, expected: 'amber' },
    { slack: 60, lead: 120, buffer: 14, expected: 'green' },
    { slack: null, lead: 30, buffer: 14, expected: 'green' },
  ])(
    'slackRag() is $expected for $slack days of slack with lead time $lead and buffer $buffer',
    ({ slack, lead, buffer, expected }) => {
      expect(slackRag(slack, lead, buffer, null).rag).toBe(expected)
    },
  )

  it('slackRag() is unknown with the forecast reason when there is no forecast', () => {
    expect(slackRag(null, 30, 14, 'only 3 days of history')).toEqual({
      rag: 'unknown',
      reason: 'no forecast: only 3 days of history',
    })
    expect(amberSlackDays(120, 14)).toBe(60)
  })
})
