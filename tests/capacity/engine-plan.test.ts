// computeEngine() with the upgrade pipeline: the same exact straight lines as
// engine.test.ts (daily peaks 300 + 10h from 2025-03-01, breakpoint 400 on
// a/m1: P90 breach 2025-03-11, 34 days late to order) with an ordered upgrade.
import { describe, expect, it } from 'vitest'
import { computeEngine } from '../../server/capacity/engine.ts'
import type { EngineInput } from '../../server/capacity/engine-input.ts'
import { DAY_MS, HOUR_MS, type Bucket } from '../../server/capacity/forecast/types.ts'
import type { TrackedUpgrade } from '../../server/capacity/tracked/upgrade-states.ts'
import { computeSnapshot, type MetricObservation } from '../../server/capacity/snapshot/snapshot.ts'
import { mergeEngineResult } from '../../server/capacity/snapshot/snapshot-merge.ts'
import { engineSettingsSchema } from '../../server/config/engine-schema.ts'
import { augursBackend } from '../../server/runtime/augurs-backend.ts'
import { estate as parseEstate, metric } from './fixtures.ts'

const now = new Date('2025-03-01T12:00:00Z')
const today = Date.parse('2025-03-01T00:00:00Z')
function hourly(days: number, peakOf: (d: number) => number): Bucket[] {
  const out: Bucket[] = []
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++)
      out.push({ at: today - (days - d) * DAY_MS + h * HOUR_MS, mean: peakOf(d) / 2, max: h === 18 ? peakOf(d) : peakOf(d) / 2 })
  return out
}
const line = hourly(20, (d) => 100 + 10 * d)
const estate = parseEstate({
  name: 'plan table',
  applications: [
    {
      id: 'a',
      name: 'A',
      metrics: [metric('m1', 400, { upgrades: [{ name: 'licence +200', adds: 200, leadTimeDays: 30, cost: 1000 }] })],
    },
    { id: 'b', name: 'B', metrics: [metric('m2', 1000, { leadTimeDays: 40 })] },
  ],
  chains: [
    {
      id: 'e2e',
      name: 'E2E',
      steps: [
        { app: 'a', metric: 'm1' },
        { app: 'b', metric: 'm2', fanOut: 2 },
      ],
    },
  ],
})
const observations = new Map<string, MetricObservation>([
  ['a/m1', { latest: { value: 290, at: new Date(today + 11 * HOUR_MS) }, peak24h: 290 }],
  ['b/m2', { latest: { value: 600, at: new Date(today + 11 * HOUR_MS) }, peak24h: 600 }],
])
const base: EngineInput = {
  estate,
  // Theil–Sen below 28 days, as in engine.test.ts: exact straight lines, dates checkable by hand.
  settings: engineSettingsSchema.parse({ forecast: { modelMinDays: 28 } }),
  history: new Map([
    ['a/m1', line],
    ['b/m2', line],
  ]),
  snapshot: computeSnapshot(estate, observations, now),
  now,
  backend: augursBackend(),
}

function ordered(adds: number, expectedDelivery: string): TrackedUpgrade {
  return {
    id: 'a.m1.licence-plus-200',
    app: 'a',
    metric: 'm1',
    option: 'licence +200',
    adds,
    leadTimeDays: 30,
    cost: 1000,
    state: 'ordered',
    owner: 'Ann',
    reference: 'PO-77',
    expectedDelivery,
    orderedOn: '2025-02-20',
    deliveredOn: null,
    evidence: null,
    note: null,
    updatedAt: '2025-02-20T09:00:00Z',
    updatedBy: 'ops',
  }
}

describe('computeEngine() with ordered upgrades', () => {
  const unplanned = computeEngine(base)
  const m = (r: ReturnType<typeof computeEngine>) => r.metrics.find((x) => x.key === 'a/m1')!

  it('computeEngine() moves the P90 breach to the day the forecast passes the raised breakpoint', () => {
    // +200 from 2025-03-05: breakpoint 600, reached at 300 + 10h = 600, h = 30: 2025-03-31.
    const r = m(computeEngine({ ...base, plan: [ordered(200, '2025-03-05')] }))
    expect(m(unplanned).p90Breach?.date).toBe('2025-03-11')
    expect(r.p90Breach).toEqual({ date: '2025-03-31', days: 30 })
    expect(r.plan?.steps).toEqual([
      { id: 'a.m1.licence-plus-200', name: 'licence +200', adds: 200, from: '2025-03-05', breakpoint: 600 },
    ])
    expect(r.plan?.unplannedP90Breach?.date).toBe('2025-03-11')
  })

  it('computeEngine() clears the order-by flag and drops the metric down the ranking when the order covers the horizon', () => {
    const planned = computeEngine({ ...base, plan: [ordered(5000, '2025-03-05')] })
    const r = m(planned)
    expect(m(unplanned).slackRag).toBe('red')
    expect(r.p90Breach).toBeNull()
    expect(r.orderBy).toBeNull()
    expect(r.slackDays).toBeNull()
    // No longer "order late": what is left is that it lands only 6 days before the breach, inside the 14 d buffer.
    expect(r.slackRag).toBe('amber')
    expect(r.slackReason).toContain('lands only 6 days before the P90 breach it prevents (2025-03-11)')
    expect(unplanned.upgrades.map((u) => `${u.app}/${u.metric}`)).toEqual(['a/m1', 'b/m2'])
    expect(planned.upgrades.map((u) => `${u.app}/${u.metric}`)).toEqual(['b/m2', 'a/m1'])
    const row = planned.upgrades[1]!
    expect(row.tracked).toEqual([
      {
        id: 'a.m1.licence-plus-200',
        option: 'licence +200',
        state: 'ordered',
        expectedDelivery: '2025-03-05',
        reference: 'PO-77',
        owner: 'Ann',
      },
    ])
    expect(row.why).toContain('"licence +200" ordered: P90 breach moves from 2025-03-11 to none within the horizon')
  })

  it('computeEngine() turns the metric red with "lands N days late" when delivery comes after the breach', () => {
    const r = m(computeEngine({ ...base, plan: [ordered(5000, '2025-03-23')] }))
    expect(r.plan?.deliveries[0]).toMatchObject({ rag: 'red', daysLate: 12, breachWithout: '2025-03-11' })
    expect(r.slackReason).toBe(
      'ordered "licence +200" lands 12 days late: the P90 breach it prevents is 2025-03-11, delivery 2025-03-23',
    )
    expect(r.rag).toBe('red')
  })

  it('mergeEngineResult() carries the plan into the snapshot for the chart and the wall', () => {
    const result = computeEngine({ ...base, plan: [ordered(200, '2025-03-05')] })
    const snap = mergeEngineResult(base.snapshot, result)
    const metricStatus = snap.applications[0]?.metrics[0]
    expect(metricStatus?.engine?.plan?.steps[0]).toMatchObject({ from: '2025-03-05', breakpoint: 600 })
    expect(snap.engine?.topUpgrades[0]?.tracked).toBeDefined()
  })
})
