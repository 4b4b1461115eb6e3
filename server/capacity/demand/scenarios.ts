// What-if: driver multipliers, a spike at the peak window, loss of a node or
// site, planned upgrades from a date. Load changes flow through each metric's
// load model (only the driver-caused part of the peak scales); capacity
// changes through its breakpoint. The answer is what planners ask: which
// metrics break, in what order, when, and where each chain's bottleneck goes.
import type { Estate, MetricConfig } from '../../config/schema.ts'
import type { Scenario } from '../../config/engine-schema.ts'
import { chainCapacity, type ChainCapacity } from '../chains/chain-capacity.ts'
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import type { BandDay, Breach } from '../planning/time-to-breakpoint.ts'
import { seriesKey } from '../snapshot/snapshot.ts'

export interface ScenarioMetricInput {
  breakpoint: number
  peak: number | null
  /** The baseline daily-peak forecast, when one exists. */
  forecast?: readonly BandDay[]
}

export interface ScenarioMetricResult {
  app: string
  metric: string
  baselinePeak: number | null
  peak: number | null
  baselineCapacity: number
  capacity: number
  utilisation: number | null
  breaksNow: boolean
  /** First P90 breach under the scenario (today when it breaks now), or null. */
  breach: Breach | null
  reason: string
}

export interface ScenarioResult {
  scenario: string
  /** Metrics that break, in order: now first, then by breach date. */
  breaking: ScenarioMetricResult[]
  metrics: ScenarioMetricResult[]
  chains: { chain: string; baseline: ChainCapacity; scenario: ChainCapacity; moved: boolean }[]
}

const rateKinds = new Set(['throughput', 'concurrency', 'utilisation', 'licence'])

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

export function runScenario(
  estate: Estate,
  scenario: Scenario,
  input: (app: string, metric: string) => ScenarioMetricInput | undefined,
  drivers: Record<string, number>,
  now: Date | number,
): ScenarioResult {
  const nowMs = toMs(now)
  const today = Math.floor(nowMs / DAY_MS)
  const persistentMult = (d: string): number => scenario.multipliers[d] ?? 1
  const spikeMult = (d: string): number => persistentMult(d) * (scenario.spike?.drivers.includes(d) ? scenario.spike.factor : 1)
  const metrics: ScenarioMetricResult[] = []
  const lookup = new Map<string, { base: ScenarioMetricInput; peak: number | null; capacity: number }>()
  for (const app of estate.applications) {
    for (const metric of app.metrics) {
      const base = input(app.id, metric.id)
      if (!base) continue
      const notes: string[] = []
      const spikeApplies = scenario.spike !== undefined && rateKinds.has(metric.kind)
      if (scenario.spike && !spikeApplies)
        notes.push(`a ${scenario.spike.hours} h spike does not change ${metric.kind} capacity; only multipliers apply`)
      const withSpike = scaledPeak(metric, base.peak, drivers, spikeApplies ? spikeMult : persistentMult)
      const persistent = scaledPeak(metric, base.peak, drivers, persistentMult)
      notes.push(...withSpike.notes)
      const loss = scenario.capacityLoss
        .filter((l) => l.app === app.id && (l.metric === undefined || l.metric === metric.id))
        .reduce((s, l) => s + l.fraction, 0)
      const lostCapacity = base.breakpoint * (1 - Math.min(1, loss))
      if (loss > 0) notes.push(`${Math.round(Math.min(1, loss) * 100)} % of capacity lost`)
      const planned = scenario.upgrades
        .filter((u) => u.app === app.id && u.metric === metric.id)
        .map((u) => ({
          from: Math.floor(Date.parse(`${u.from}T00:00:00Z`) / DAY_MS),
          adds: metric.upgrades.find((x) => x.name === u.upgrade)?.adds ?? 0,
          name: u.upgrade,
        }))
      for (const p of planned)
        notes.push(
          p.adds > 0
            ? `"${p.name}" adds ${p.adds} from ${isoDay(p.from * DAY_MS)}`
            : `upgrade "${p.name}" is not configured for ${app.id}/${metric.id}; ignored`,
        )
      const capacityOn = (day: number): number =>
        lostCapacity + planned.filter((p) => p.from <= day).reduce((s, p) => s + p.adds, 0)
      const capacity = capacityOn(today)
      const peak = withSpike.peak
      const breaksNow = peak !== null && peak >= capacity
      let breach: Breach | null = breaksNow ? { date: isoDay(today * DAY_MS), days: 0 } : null
      if (!breach && base.forecast && base.peak && persistent.peak !== null) {
        const ratio = persistent.peak / base.peak
        const hit = base.forecast.find((d) => d.p90 * ratio >= capacityOn(Math.floor(Date.parse(`${d.date}T00:00:00Z`) / DAY_MS)))
        if (hit) breach = { date: hit.date, days: Math.floor(Date.parse(`${hit.date}T00:00:00Z`) / DAY_MS) - today }
      }
      const utilisation = peak === null ? null : peak / capacity
      const verdict = breaksNow
        ? `peak ${peak?.toFixed(1)} ≥ capacity ${capacity.toFixed(1)}: breaks now`
        : breach
          ? `P90 reaches capacity on ${breach.date}`
          : peak === null
            ? 'no data'
            : `holds: peak ${peak.toFixed(1)} of ${capacity.toFixed(1)}`
      metrics.push({
        app: app.id,
        metric: metric.id,
        baselinePeak: base.peak,
        peak,
        baselineCapacity: base.breakpoint,
        capacity,
        utilisation,
        breaksNow,
        breach,
        reason: [verdict, ...notes].join('; '),
      })
      lookup.set(`${app.id}/${metric.id}`, { base, peak, capacity })
    }
  }
  const breaking = metrics
    .filter((m) => m.breach !== null)
    .sort((a, b) => (a.breach as Breach).days - (b.breach as Breach).days || (b.utilisation ?? 0) - (a.utilisation ?? 0))
  const chains = estate.chains.map((c) => {
    const baseline = chainCapacity(c, (app, metric) => {
      const l = lookup.get(seriesKey(app, metric))
      return l && { breakpoint: l.base.breakpoint, peak: l.base.peak }
    })
    const after = chainCapacity(c, (app, metric) => {
      const l = lookup.get(seriesKey(app, metric))
      return l && { breakpoint: l.capacity, peak: l.peak }
    })
    return { chain: c.id, baseline, scenario: after, moved: baseline.bottleneck !== after.bottleneck }
  })
  return { scenario: scenario.id, breaking, metrics, chains }
}
