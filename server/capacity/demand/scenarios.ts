// What-if: driver multipliers, growth per month on top of the forecast, a
// spike at the peak window, loss of a node or site, planned upgrades from a
// date (each metric: scenario-metric.ts). The answer is what planners ask:
// which metrics break, in what order, when, and where each chain's
// bottleneck goes, beside the same figures without the scenario.
import type { Estate } from '../../config/schema.ts'
import type { Scenario } from '../../config/engine-schema.ts'
import { chainCapacity, type ChainCapacity } from '../chains/chain-capacity.ts'
import { DAY_MS, toMs } from '../forecast/types.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'
import { seriesKey } from '../snapshot/snapshot.ts'
import { metricUnderScenario, type ScenarioMetricInput, type ScenarioMetricResult } from './scenario-metric.ts'

export type { ScenarioMetricInput, ScenarioMetricResult } from './scenario-metric.ts'

export interface ScenarioChainResult {
  chain: string
  baseline: ChainCapacity
  scenario: ChainCapacity
  moved: boolean
  /** Earliest breach among the chain's steps, without and with the scenario. */
  baselineFirstBreach: { key: string; date: string } | null
  firstBreach: { key: string; date: string } | null
}

export interface ScenarioResult {
  scenario: string
  /** Metrics that break, in order: now first, then by breach date. */
  breaking: ScenarioMetricResult[]
  metrics: ScenarioMetricResult[]
  chains: ScenarioChainResult[]
}

function firstBreachOf(
  steps: readonly { app: string; metric: string }[],
  byKey: ReadonlyMap<string, ScenarioMetricResult>,
  pick: (m: ScenarioMetricResult) => Breach | null,
): { key: string; date: string } | null {
  let first: { key: string; date: string } | null = null
  for (const step of steps) {
    const key = seriesKey(step.app, step.metric)
    const m = byKey.get(key)
    const b = m ? pick(m) : null
    if (b && (first === null || b.date < first.date)) first = { key, date: b.date }
  }
  return first
}

export function runScenario(
  estate: Estate,
  scenario: Scenario,
  input: (app: string, metric: string) => ScenarioMetricInput | undefined,
  drivers: Record<string, number>,
  now: Date | number,
): ScenarioResult {
  const today = Math.floor(toMs(now) / DAY_MS)
  const metrics: ScenarioMetricResult[] = []
  const inputs = new Map<string, ScenarioMetricInput>()
  for (const app of estate.applications) {
    for (const metric of app.metrics) {
      const base = input(app.id, metric.id)
      if (!base) continue
      inputs.set(seriesKey(app.id, metric.id), base)
      metrics.push(metricUnderScenario(scenario, app.id, metric, base, drivers, today))
    }
  }
  const breaking = metrics
    .filter((m) => m.breach !== null)
    .sort((a, b) => (a.breach as Breach).days - (b.breach as Breach).days || (b.utilisation ?? 0) - (a.utilisation ?? 0))
  const byKey = new Map(metrics.map((m) => [seriesKey(m.app, m.metric), m]))
  const chains = estate.chains.map((c): ScenarioChainResult => {
    const baseline = chainCapacity(c, (app, metric) => {
      const base = inputs.get(seriesKey(app, metric))
      return base && { breakpoint: base.breakpoint, peak: base.peak }
    })
    const after = chainCapacity(c, (app, metric) => {
      const m = byKey.get(seriesKey(app, metric))
      return m && { breakpoint: m.capacity, peak: m.peak }
    })
    return {
      chain: c.id,
      baseline,
      scenario: after,
      moved: baseline.bottleneck !== after.bottleneck,
      baselineFirstBreach: firstBreachOf(c.steps, byKey, (m) => m.baselineBreach),
      firstBreach: firstBreachOf(c.steps, byKey, (m) => m.breach),
    }
  })
  return { scenario: scenario.id, breaking, metrics, chains }
}
