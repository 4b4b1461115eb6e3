// planMetric(): the upgrade plan inside the breach, order-by and slack
// verdict. The band is a straight line so every date is a hand sum:
// P90 on day d (d = 1 on 2025-03-02) is 320 + 5d, P50 is 300 + 5d, and the
// breakpoint is 400, so without a plan P90 reaches it on day 16 (2025-03-17)
// (the band ends on day 90 at P90 770, below a breakpoint of 900)
// and P50 on day 20 (2025-03-21).
import { describe, expect, it } from 'vitest'
import { bandOfDays } from '../../../server/capacity/forecast/forecast-band.ts'
import { planMetric, type MetricPlanInput } from '../../../server/capacity/tracked/metric-plan.ts'
import type { TrackedUpgrade } from '../../../server/capacity/tracked/upgrade-states.ts'
import { DAY_MS, isoDay } from '../../../server/capacity/forecast/types.ts'
import { metricSchema } from '../../../server/config/schema.ts'
import { metric as metricFixture } from '../fixtures.ts'

const now = new Date('2025-03-01T12:00:00Z')
const day = (d: number): string => isoDay(Date.parse('2025-03-01T00:00:00Z') + d * DAY_MS)
const band = bandOfDays(
  Array.from({ length: 90 }, (_, i) => ({ date: day(i + 1), p50: 300 + 5 * (i + 1), p90: 320 + 5 * (i + 1) })),
)
const metric = metricSchema.parse(
  metricFixture('m', 400, {
    leadTimeDays: 30,
    upgrades: [
      { name: 'licence +500', adds: 500, leadTimeDays: 30, cost: 5000 },
      { name: 'licence +100', adds: 100, leadTimeDays: 20, cost: 2000 },
    ],
  }),
)

function ordered(option: string, adds: number, expectedDelivery: string): TrackedUpgrade {
  return {
    id: `a.m.${option}`,
    app: 'a',
    metric: 'm',
    option,
    adds,
    leadTimeDays: 30,
    cost: null,
    state: 'ordered',
    owner: 'Ann',
    reference: 'PO-1',
    expectedDelivery,
    orderedOn: '2025-02-01',
    deliveredOn: null,
    evidence: null,
    note: null,
    updatedAt: now.toISOString(),
    updatedBy: 'test',
  }
}

const input = (plan: TrackedUpgrade[]): MetricPlanInput => ({
  metric,
  breakpoint: 400,
  peak24h: 320,
  forecastBand: band,
  forecastReason: null,
  // The median-path dates: these cases are about the plan's steps, not about the noise.
  forecastNoise90: null,
  ordered: plan,
  safetyBufferDays: 14,
  now,
})

describe('planMetric()', () => {
  it.each([
    {
      scenario: 'nothing is ordered',
      plan: [],
      p90: day(16),
      orderBy: day(16 - 30 - 14),
      slackRag: 'red',
      planRag: null,
    },
    {
      scenario: 'an ordered +500 lands on day 10 (before the day-16 breach)',
      plan: [ordered('licence +500', 500, day(10))],
      p90: null,
      orderBy: null,
      // 6 days before the breach it prevents, inside the 14 d buffer: covered, but tight.
      slackRag: 'amber',
      planRag: 'amber',
    },
    {
      scenario: 'an ordered +500 lands on day 1 (15 days before the breach)',
      plan: [ordered('licence +500', 500, day(1))],
      p90: null,
      orderBy: null,
      slackRag: 'green',
      planRag: 'green',
    },
    {
      scenario: 'an ordered +100 lands on day 1 (breakpoint 500 from then: P90 reaches it on day 36)',
      plan: [ordered('licence +100', 100, day(1))],
      p90: day(36),
      // The next option to order is the +500 (30 d lead time).
      orderBy: day(36 - 30 - 14),
      slackRag: 'red',
      planRag: 'green',
    },
  ])(
    'planMetric() gives P90 $p90, order-by $orderBy and slack $slackRag when $scenario',
    ({ plan, p90, orderBy, slackRag, planRag }) => {
      const v = planMetric(input(plan))
      expect(v.breach.p90?.date ?? null).toBe(p90)
      expect(v.order.orderBy).toBe(orderBy)
      expect(v.slack.rag).toBe(slackRag)
      expect(v.plan?.rag ?? null).toBe(planRag)
    },
  )

  it('planMetric() moves the breach date and clears the order-by flag when an ordered upgrade covers the breach', () => {
    const before = planMetric(input([]))
    const after = planMetric(input([ordered('licence +500', 500, day(1))]))
    expect(before.breach.p90?.date).toBe(day(16))
    expect(before.slack.rag).toBe('red')
    expect(before.order.slackDays).toBeLessThan(0)
    expect(after.breach.p90).toBeNull()
    expect(after.order.orderBy).toBeNull()
    expect(after.order.slackDays).toBeNull()
    expect(after.slack.rag).toBe('green')
    expect(after.plan?.unplannedP90Breach?.date).toBe(day(16))
    expect(after.plan?.summary).toContain(`P90 breach moves from ${day(16)} to none within the horizon`)
    expect(after.order.reason).toContain('nothing more to order')
  })

  it('planMetric() puts the step in the breakpoint on the delivery date', () => {
    const v = planMetric(input([ordered('licence +100', 100, day(5))]))
    expect(v.plan?.steps).toEqual([{ id: 'a.m.licence +100', name: 'licence +100', adds: 100, from: day(5), breakpoint: 500 }])
  })

  it.each([
    { delivery: 28, late: 12 },
    { delivery: 17, late: 1 },
  ])(
    'planMetric() is red "lands $late days late" when the ordered upgrade lands on day $delivery, after the day-16 P90 breach',
    ({ delivery, late }) => {
      const v = planMetric(input([ordered('licence +500', 500, day(delivery))]))
      const flag = v.plan?.deliveries[0]
      expect(flag?.rag).toBe('red')
      expect(flag?.daysLate).toBe(late)
      expect(flag?.text).toContain(`lands ${late} day${late === 1 ? '' : 's'} late`)
      expect(v.slack.rag).toBe('red')
      expect(v.slack.reason).toContain(`lands ${late} day`)
      // The breach is not moved by a late delivery: it happens before it lands.
      expect(v.breach.p90?.date).toBe(day(16))
    },
  )

  it('planMetric() flags an overdue delivery and counts it from tomorrow', () => {
    const v = planMetric(input([ordered('licence +500', 500, day(-3))]))
    const flag = v.plan?.deliveries[0]
    expect(flag?.daysOverdue).toBe(3)
    expect(flag?.countsFrom).toBe(day(1))
    expect(flag?.rag).toBe('amber')
    expect(flag?.text).toMatch(/^overdue by 3 days \(expected 2025-02-26\), counted from 2025-03-02/)
    expect(v.plan?.steps[0]?.from).toBe(day(1))
    expect(v.slack.rag).toBe('amber')
  })

  it('planMetric() is red when an overdue delivery can now only land after the breach (the peak is already over)', () => {
    const v = planMetric({ ...input([ordered('licence +500', 500, day(-3))]), peak24h: 410 })
    const flag = v.plan?.deliveries[0]
    expect(flag?.rag).toBe('red')
    expect(flag?.daysLate).toBe(1)
    expect(flag?.text).toContain(`lands 1 day late: the P90 breach it prevents is ${day(0)}`)
  })

  it('planMetric() ignores proposed and approved upgrades', () => {
    const proposed = { ...ordered('licence +500', 500, day(1)), state: 'approved' as const }
    const v = planMetric(input([proposed]))
    expect(v.plan).toBeNull()
    expect(v.breach.p90?.date).toBe(day(16))
  })
})
