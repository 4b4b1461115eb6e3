// Resilience inside an engine pass: each metric's figures gathered from the
// live snapshot (breakpoint, peak, thresholds) and the engine's own verdict
// (forecast band, ordered-upgrade steps, P90 breach), then computeResilience.
import type { Estate } from '../../config/schema.ts'
import type { MetricEngineResult } from '../snapshot/engine-result.ts'
import type { MetricStatus } from '../snapshot/types.ts'
import type { ForecastBand } from '../forecast/forecast-band.ts'
import { computeResilienceSteps } from './resilience.ts'
import type { MetricFigures, ResilienceResult } from './types.ts'

export function* resilienceOf(
  estate: Estate,
  statuses: ReadonlyMap<string, MetricStatus>,
  results: ReadonlyMap<string, MetricEngineResult>,
  forecastOf: (key: string) => ForecastBand | null,
  now: Date | number,
): Generator<void, ResilienceResult, void> {
  if (!estate.resilience) return { groups: [], chains: [], reserves: [] }
  const figures = new Map<string, MetricFigures>()
  for (const app of estate.applications) {
    // An application at a time: gathering 10 000 metrics' figures in one go was a 40–75 ms turn.
    yield
    for (const m of app.metrics) {
      const key = `${app.id}/${m.id}`
      const status = statuses.get(key)
      const result = results.get(key)
      if (!result) continue
      figures.set(key, {
        key,
        appName: app.name,
        metricName: m.name,
        unit: m.unit,
        breakpoint: result.breakpoint,
        peak: status?.peak24h ?? result.peak24h,
        warn: m.warn ?? estate.defaults.warn,
        critical: m.critical ?? estate.defaults.critical,
        forecast: forecastOf(key),
        schedule: { base: result.breakpoint, steps: result.plan?.steps ?? [] },
        p90Breach: result.p90Breach,
      })
    }
  }
  yield
  return yield* computeResilienceSteps(estate, (key) => figures.get(key), now)
}
