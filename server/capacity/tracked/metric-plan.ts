// One metric's verdict with the upgrade plan taken into account: ordered
// upgrades are steps in the breakpoint on their delivery dates, so the breach
// dates, the order-by date, the slack RAG and (through them) the ranking all
// reflect capacity already on its way. An ordered upgrade that covers the
// breach clears the order-by flag; one that lands after the breach it should
// prevent turns the metric red with "lands N days late", whatever the slack.
import type { MetricConfig } from '../../config/schema.ts'
import { worstRag, type Rag } from '../limits/rag.ts'
import { breakpointSchedule, type PlannedStep, type StepPoint } from './capacity-steps.ts'
import { countsFrom, deliveryFlag, type DeliveryFlag } from './delivery-flags.ts'
import { orderByDate, type OrderBy } from '../planning/order-by.ts'
import { timeToPlannedBreakpoint } from './planned-breach.ts'
import { pickUpgrade } from '../planning/priority.ts'
import { slackRag } from '../planning/slack-rag.ts'
import { EMPTY_BAND, type ForecastBand } from '../forecast/forecast-band.ts'
import { timeToBreakpoint, type Breach, type TimeToBreakpoint } from '../planning/time-to-breakpoint.ts'
import type { TrackedUpgrade } from './upgrade-states.ts'

type Upgrade = MetricConfig['upgrades'][number]

export interface MetricPlanInput {
  metric: MetricConfig
  /** The breakpoint in force today (the live snapshot's). */
  breakpoint: number
  peak24h: number | null
  /** The daily P50/P90 band, or null when refused (`forecastReason` says why). */
  forecastBand: ForecastBand | null
  forecastReason: string | null
  /** The forecast's day-to-day noise (90 % quantile), for first-crossing P50 dates; null for the median path. */
  forecastNoise90: number | null
  /** This metric's upgrades in state `ordered` (others are ignored). */
  ordered: readonly TrackedUpgrade[]
  safetyBufferDays: number
  now: Date | number
}

export interface MetricPlan {
  /** Each ordered upgrade as a step in the breakpoint, in date order. */
  steps: StepPoint[]
  deliveries: DeliveryFlag[]
  /** The breach dates without any ordered upgrade: what the plan moved. */
  unplannedP50Breach: Breach | null
  unplannedP90Breach: Breach | null
  /** The worst delivery flag's colour (green when every delivery is in time). */
  rag: Rag
  summary: string
}

export interface PlannedVerdict {
  breach: TimeToBreakpoint
  /** The next option to order: the cheapest per unit not already ordered. */
  upgrade: Upgrade | null
  leadTimeDays: number
  order: OrderBy
  slack: { rag: Rag; reason: string }
  plan: MetricPlan | null
}

function breachOf(input: MetricPlanInput, steps: readonly PlannedStep[], without?: string): TimeToBreakpoint {
  const { forecastBand, peak24h, now, metric } = input
  const remaining = without === undefined ? steps : steps.filter((s) => s.id !== without)
  // Without steps, exactly the unplanned verdict against today's breakpoint.
  const schedule = remaining.length === 0 ? { base: input.breakpoint, steps: [] } : breakpointSchedule(metric, remaining)
  if (forecastBand) return timeToPlannedBreakpoint(forecastBand, schedule, now, peak24h, input.forecastNoise90)
  if (peak24h !== null && peak24h >= schedule.base) return timeToBreakpoint(EMPTY_BAND, schedule.base, now, peak24h)
  return { p50: null, p90: null, reason: `no forecast: ${input.forecastReason}` }
}

function summarise(steps: readonly StepPoint[], before: Breach | null, after: Breach | null): string {
  const moved =
    before === null
      ? 'no P90 breach within the horizon either way'
      : after === null
        ? `P90 breach moves from ${before.date} to none within the horizon`
        : after.date === before.date
          ? `P90 breach stays ${before.date}`
          : `P90 breach moves from ${before.date} to ${after.date}`
  const names = steps.map((s) => `"${s.name}"`).join(', ')
  return `${names} ordered: ${moved}`
}

function planSlack(
  base: { rag: Rag; reason: string },
  flags: readonly DeliveryFlag[],
  covered: boolean,
): { rag: Rag; reason: string } {
  const red = flags.find((f) => f.rag === 'red')
  if (red) return { rag: 'red', reason: `ordered "${red.name}" ${red.text}` }
  const amber = flags.find((f) => f.rag === 'amber')
  const rag = worstRag([base.rag, amber ? 'amber' : 'green'])
  if (amber && rag !== base.rag) return { rag, reason: `ordered "${amber.name}" ${amber.text}` }
  if (covered) return { rag, reason: `ordered upgrades cover the horizon: ${base.reason}` }
  return base
}

export function planMetric(input: MetricPlanInput): PlannedVerdict {
  const { metric, safetyBufferDays: buffer, now } = input
  const ordered = input.ordered.filter((u) => u.state === 'ordered' && u.expectedDelivery !== null)
  const steps: PlannedStep[] = ordered.map((u) => ({
    id: u.id,
    name: u.option,
    adds: u.adds,
    from: countsFrom(u.expectedDelivery as string, now),
  }))
  const breach = breachOf(input, steps)
  const onOrder = new Set(ordered.map((u) => u.option))
  const open = metric.upgrades.filter((u) => !onOrder.has(u.name))
  const upgrade = pickUpgrade(open.length > 0 ? open : metric.upgrades)
  const leadTimeDays = upgrade?.leadTimeDays ?? metric.leadTimeDays
  const order = orderByDate(breach.p90, leadTimeDays, buffer, now)
  const base = slackRag(order.slackDays, leadTimeDays, buffer, breach.p90 ? null : input.forecastReason)
  if (steps.length === 0) return { breach, upgrade, leadTimeDays, order, slack: base, plan: null }

  const unplanned = breachOf(input, [])
  const deliveries = ordered.map((u) =>
    deliveryFlag(
      { id: u.id, name: u.option, expectedDelivery: u.expectedDelivery as string },
      breachOf(input, steps, u.id).p90,
      buffer,
      now,
    ),
  )
  const schedule = breakpointSchedule(metric, steps)
  const covered = breach.p90 === null && unplanned.p90 !== null
  const plan: MetricPlan = {
    steps: schedule.steps,
    deliveries,
    unplannedP50Breach: unplanned.p50,
    unplannedP90Breach: unplanned.p90,
    rag: worstRag(deliveries.map((d) => d.rag)),
    summary: summarise(schedule.steps, unplanned.p90, breach.p90),
  }
  // The plan's own words are on the plan; the order-by reason only says when it needs nothing more.
  const orderReason = covered ? `${plan.summary}; nothing more to order` : order.reason
  return {
    breach,
    upgrade,
    leadTimeDays,
    order: { ...order, reason: orderReason },
    slack: planSlack(base, deliveries, covered),
    plan,
  }
}
