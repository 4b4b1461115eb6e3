// Per-series cost of the forecast portfolio, for bench/engine.ts: a full
// selection (rolling back-test of every candidate, then the final fits) and
// a new day's refit that reuses the week-old selection (one model's fit, or
// the combination's three). No run() export, so bench/run.ts skips it.
import { availableParallelism } from 'node:os'
import { defaultForecastOptions, forecastDailyValues } from '../server/capacity/forecast/forecast.ts'
import type { ForecastBackend } from '../server/capacity/forecast/types.ts'

export interface PortfolioCost {
  series: number
  fullMsPerSeries: number
  refitMsPerSeries: number
  /** Projected wall time for `metrics` series spread over every core. */
  projectedFullMs: number
  projectedRefitMs: number
  cores: number
}

export function measurePortfolioCost(backend: ForecastBackend, daily: readonly number[][], metrics: number): PortfolioCost {
  const last = '2025-02-28'
  const t0 = performance.now()
  const fits = daily.map((v) => forecastDailyValues(v, last, backend))
  const full = performance.now() - t0
  // The next day: one more value, the selection carried from yesterday.
  const t1 = performance.now()
  daily.forEach((v, i) => {
    const f = fits[i]
    const selection = f?.ok ? f.value.selection : null
    const next = [...v.slice(1), v[v.length - 1] as number]
    forecastDailyValues(
      next,
      '2025-03-01',
      backend,
      defaultForecastOptions,
      selection && f?.ok ? { selection, levelShiftDate: f.value.levelShift?.date ?? null } : undefined,
    )
  })
  const refit = performance.now() - t1
  const cores = availableParallelism()
  const n = daily.length
  return {
    series: n,
    fullMsPerSeries: full / n,
    refitMsPerSeries: refit / n,
    projectedFullMs: ((full / n) * metrics) / cores,
    projectedRefitMs: ((refit / n) * metrics) / cores,
    cores,
  }
}
