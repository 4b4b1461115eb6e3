// mergeEngineResult() on the hand-checkable straight-line estate (Theil–Sen
// below modelMinDays 28 recovers the line exactly): a/m1 peaks at 290 of 400
// (72.5 %, amber by utilisation) and its forecast 300 + 10/day
// reaches 400 on 2025-03-11, so order-by = 03-11 − 30 d lead − 14 d buffer =
// 2025-01-26, 34 days late: red by slack. c/short has 10 days of history
// (no forecast, slack unknown) and a green utilisation.
import { describe, expect, it } from 'vitest'
import { computeEngine } from '../../../server/capacity/engine.ts'
import { DAY_MS, HOUR_MS, type Bucket } from '../../../server/capacity/forecast/types.ts'
import { mergeEngineResult } from '../../../server/capacity/snapshot/snapshot-merge.ts'
import { computeSnapshot, type MetricObservation } from '../../../server/capacity/snapshot/snapshot.ts'
import { engineSettingsSchema } from '../../../server/config/engine-schema.ts'
import { augursBackend } from '../../../server/runtime/augurs-backend.ts'
import { estate as parseEstate, metric } from '../fixtures.ts'

const now = new Date('2025-03-01T12:00:00Z')
const today = Date.parse('2025-03-01T00:00:00Z')

function hourly(days: number, peakOf: (d: number) => number): Bucket[] {
  const out: Bucket[] = []
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++)
      out.push({ at: today - (days - d) * DAY_MS + h * HOUR_MS, mean: peakOf(d) / 2, max: h === 18 ? peakOf(d) : peakOf(d) / 2 })
  return out
}

const estate = parseEstate({
  name: 'merge table',
  applications: [
    {
      id: 'a',
      name: 'A',
      metrics: [metric('m1', 400, { upgrades: [{ name: 'licence +200', adds: 200, leadTimeDays: 30, cost: 1000 }] })],
    },
    { id: 'c', name: 'C', metrics: [metric('short', 100)] },
  ],
  chains: [
    {
      id: 'e2e',
      name: 'E2E',
      steps: [
        { app: 'a', metric: 'm1', fanOut: 1 },
        { app: 'c', metric: 'short', fanOut: 1 },
      ],
    },
  ],
})
const observations = new Map<string, MetricObservation>([
  ['a/m1', { latest: { value: 290, at: new Date(today + 11 * HOUR_MS) }, peak24h: 290 }],
  ['c/short', { latest: { value: 50, at: new Date(today + 11 * HOUR_MS) }, peak24h: 50 }],
])
const snapshot = computeSnapshot(estate, observations, now)
const result = computeEngine({
  estate,
  settings: engineSettingsSchema.parse({ forecast: { modelMinDays: 28 } }),
  history: new Map([
    ['a/m1', hourly(20, (d) => 100 + 10 * d)],
    ['c/short', hourly(10, () => 50)],
  ]),
  snapshot,
  now,
  backend: augursBackend(),
})
const merged = mergeEngineResult(snapshot, result, 1)
const m1 = merged.applications[0]!.metrics[0]!
const short = merged.applications[1]!.metrics[0]!

describe('mergeEngineResult()', () => {
  it('mergeEngineResult() makes a metric red when slack is negative although utilisation is only amber', () => {
    expect(m1.utilisationRag).toBe('amber')
    expect(m1.engine?.p90Breach?.date).toBe('2025-03-11')
    expect(m1.engine?.orderBy).toBe('2025-01-26')
    expect(m1.engine?.slackDays).toBe(-34)
    expect(m1.rag).toBe('red')
    expect(m1.reason).toBe(m1.engine?.slackReason)
  })

  it('mergeEngineResult() keeps a green utilisation when there is no forecast (slack unknown) and says why', () => {
    expect(short.rag).toBe('green')
    expect(short.engine?.slackRag).toBe('unknown')
    expect(short.engine?.forecastReason).toMatch(/10 days/)
  })

  it('mergeEngineResult() rolls the combined RAG up to the application and the chain and keeps the originals', () => {
    const app = merged.applications[0]!
    expect([app.rag, app.utilisationRag]).toEqual(['red', 'amber'])
    expect(app.tightest?.rag).toBe('red')
    const chain = merged.chains[0]!
    expect(chain.rag).toBe('red')
    expect(chain.steps.map((s) => s.rag)).toEqual(['red', 'green'])
    // Least spare in transactions/s: c/short has 100 − 50 = 50, a/m1 400 − 290 = 110.
    expect(chain.engine?.bottleneckKey).toBe('c/short')
  })

  it('mergeEngineResult() sends the legend, the RAG rule and the top N upgrades', () => {
    expect(merged.engine?.legend.map((l) => l.rag)).toEqual(['red', 'amber', 'green', 'unknown'])
    expect(merged.engine?.ragRule).toMatch(/^A metric is the worse of its utilisation RAG/)
    expect(merged.engine?.topUpgrades.map((u) => `${u.app}/${u.metric}`)).toEqual(['a/m1'])
  })

  it('mergeEngineResult() sends only the late or closing upgrades as actionUpgrades, with the summary count', () => {
    expect(merged.engine?.actionUpgrades?.map((u) => `${u.app}/${u.metric}`)).toEqual(['a/m1'])
    expect(merged.engine?.upgradeSummary).toMatchObject({ orderNow: 1, late: 1, withBreach: 1, noBreach: 1 })
    expect(merged.engine?.upgradeSummary?.sentence).toMatch(/^1 upgrade to order now \(late\)/)
  })

  it('mergeEngineResult() leaves the input snapshot unchanged', () => {
    expect(snapshot.applications[0]!.metrics[0]!.rag).toBe('amber')
    expect(snapshot.engine).toBeUndefined()
  })
})
