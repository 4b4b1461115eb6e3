// One metric under a what-if. Load changes flow through the metric's load
// model (only the driver-caused part of the peak scales): persistent
// multipliers, growth per month compounding on top of the baseline
// forecast, and a short spike at the peak window (rate metrics only; a
// spike of a few hours does not fill storage). Capacity changes through the
// breakpoint: a share lost with a node or site, upgrades live from a date.
import type { MetricConfig } from '../../config/schema.ts'
import type { Scenario } from '../../config/engine-schema.ts'
import { DAY_MS, isoDay } from '../forecast/types.ts'
import type { ForecastBand } from '../forecast/forecast-band.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'

export interface ScenarioMetricInput {
  breakpoint: number
  peak: number | null
  /** The baseline daily-peak forecast, when one exists. */
  forecast?: ForecastBand
  /** The engine's own P90 breach without the scenario (for before/after). */
  baselineBreach?: Breach | null
}

export interface ScenarioMetricResult {
  app: string
  metric: string
  baselinePeak: number | null
  peak: number | null
  baselineCapacity: number
  capacity: number
  /** Peak over capacity without the scenario, and with it. */
  baselineUtilisation: number | null
  utilisation: number | null
  breaksNow: boolean
  /** First P90 breach under the scenario (today when it breaks now), or null. */
  breach: Breach | null
  /** The engine's P90 breach without the scenario, or null. */
  baselineBreach: Breach | null
  reason: string
}

const rateKinds = new Set(['throughput', 'concurrency', 'utilisation', 'licence'])
/** Average month, so 12 months of growth land on the same day a year later. */
const MONTH_DAYS = 365.25 / 12

const dayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)

/** Peak change from drivers: only the share the load model attributes to a driver scales. */
function scaledPeak(
  metric: MetricConfig,
  peak: number | null,
  drivers: Record<string, number>,
  mult: (d: string) => number,
): { peak: number | null; notes: string[] } {
  const notes: string[] = []
  if (peak === null) return { peak: null, notes: ['no peak observed yet'] }
  let delta = 0
  for (const [d, coef] of Object.entries(metric.model?.drivers ?? {})) {
    const level = drivers[d]
    if (level === undefined) {
      notes.push(`driver "${d}" has no current value, so it is left unchanged`)
      continue
    }
    delta += coef * level * (mult(d) - 1)
  }
  return { peak: peak + delta, notes }
}

/** Capacity on a given day: the breakpoint less what is lost, plus the upgrades live by then. */
function capacityUnder(
  scenario: Scenario,
  app: string,
  metric: MetricConfig,
  breakpoint: number,
): { on: (day: number) => number; notes: string[] } {
  const notes: string[] = []
  const loss = scenario.capacityLoss
    .filter((l) => l.app === app && (l.metric === undefined || l.metric === metric.id))
    .reduce((s, l) => s + l.fraction, 0)
  const left = breakpoint * (1 - Math.min(1, loss))
  if (loss > 0) notes.push(`${Math.round(Math.min(1, loss) * 100)} % of capacity lost`)
  const planned = scenario.upgrades
    .filter((u) => u.app === app && u.metric === metric.id)
    .map((u) => ({ from: dayOf(u.from), adds: metric.upgrades.find((x) => x.name === u.upgrade)?.adds ?? 0, name: u.upgrade }))
  for (const p of planned)
    notes.push(
      p.adds > 0
        ? `"${p.name}" adds ${p.adds} from ${isoDay(p.from * DAY_MS)}`
        : `upgrade "${p.name}" is not configured for ${app}/${metric.id}; ignored`,
    )
  return { on: (day) => left + planned.filter((p) => p.from <= day).reduce((s, p) => s + p.adds, 0), notes }
}

export function growthNotes(scenario: Scenario, metric: MetricConfig): string[] {
  const driven = Object.keys(metric.model?.drivers ?? {})
  return Object.entries(scenario.growthPerMonth)
    .filter(([d, g]) => g !== 0 && driven.includes(d))
    .map(
      ([d, g]) => `${d} ${g > 0 ? 'grows' : 'shrinks'} ${Math.abs(Math.round(g * 1000) / 10)} % a month on top of the forecast`,
    )
}

export function metricUnderScenario(
  scenario: Scenario,
  app: string,
  metric: MetricConfig,
  base: ScenarioMetricInput,
  drivers: Record<string, number>,
  today: number,
): ScenarioMetricResult {
  const persistentMult = (d: string): number => scenario.multipliers[d] ?? 1
  const spikeMult = (d: string): number => persistentMult(d) * (scenario.spike?.drivers.includes(d) ? scenario.spike.factor : 1)
  const grown = (d: string, daysAhead: number): number => (1 + (scenario.growthPerMonth[d] ?? 0)) ** (daysAhead / MONTH_DAYS)
  const notes: string[] = []
  const spikeApplies = scenario.spike !== undefined && rateKinds.has(metric.kind)
  if (scenario.spike && !spikeApplies)
    notes.push(`a ${scenario.spike.hours} h spike does not change ${metric.kind} capacity; only multipliers apply`)
  const withSpike = scaledPeak(metric, base.peak, drivers, spikeApplies ? spikeMult : persistentMult)
  notes.push(...withSpike.notes, ...growthNotes(scenario, metric))
  const capacity = capacityUnder(scenario, app, metric, base.breakpoint)
  notes.push(...capacity.notes)
  const capacityToday = capacity.on(today)
  const peak = withSpike.peak
  const breaksNow = peak !== null && peak >= capacityToday
  let breach: Breach | null = breaksNow ? { date: isoDay(today * DAY_MS), days: 0 } : null
  const basePeak = base.peak
  if (!breach && base.forecast && basePeak) {
    // Growth compounds from today: a forecast day d days ahead carries (1 + g)^(d / month) more of that driver.
    const ratioOn = (day: number): number =>
      (scaledPeak(metric, basePeak, drivers, (d) => persistentMult(d) * grown(d, day - today)).peak ?? basePeak) / basePeak
    const { dates, p90 } = base.forecast
    const h = dates.findIndex((date, i) => (p90[i] as number) * ratioOn(dayOf(date)) >= capacity.on(dayOf(date)))
    const date = dates[h]
    if (date !== undefined) breach = { date, days: dayOf(date) - today }
  }
  const verdict = breaksNow
    ? `peak ${peak?.toFixed(1)} ≥ capacity ${capacityToday.toFixed(1)}: breaks now`
    : breach
      ? `P90 reaches capacity on ${breach.date}`
      : peak === null
        ? 'no data'
        : `holds: peak ${peak.toFixed(1)} of ${capacityToday.toFixed(1)}`
  return {
    app,
    metric: metric.id,
    baselinePeak: base.peak,
    peak,
    baselineCapacity: base.breakpoint,
    capacity: capacityToday,
    baselineUtilisation: base.peak === null ? null : base.peak / base.breakpoint,
    utilisation: peak === null ? null : peak / capacityToday,
    breaksNow,
    breach,
    baselineBreach: base.baselineBreach ?? null,
    reason: [verdict, ...notes].join('; '),
  }
}
