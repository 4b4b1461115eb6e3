// Daily-peak series of a smart-metering estate are weekly: installs and
// campaigns run on working days. We ask the backend's periodogram detector
// first and, because it often reports a multiple (14) or misses weekly shape
// in short series, confirm with the lag-7 autocorrelation. Both look at the
// detrended series with its spikes capped (median ± 5 robust sigmas): one
// 400 % spike carries more variance than months of weekday pattern and
// would hide it from both tests.
import { quantile } from './daily-peak.ts'
import type { ForecastBackend } from './types.ts'

export interface SeasonalityFinding {
  /** Periods to model, in days; empty when none is clear. */
  periods: number[]
  /** How it was decided, for the forecast's explanation. */
  evidence: string
}

/** Sample autocorrelation at `lag`; 0 when undefined. */
export function autocorrelation(values: readonly number[], lag: number): number {
  const n = values.length
  if (n <= lag + 1) return 0
  const mean = values.reduce((s, v) => s + v, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean
    den += d * d
    if (i >= lag) num += d * ((values[i - lag] as number) - mean)
  }
  return den === 0 ? 0 : num / den
}

/** Series minus its centred 7-day moving average: a trend would otherwise swamp the weekly correlation. */
export function detrendWeekly(values: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 3; i < values.length - 3; i++) {
    let sum = 0
    for (let j = i - 3; j <= i + 3; j++) sum += values[j] as number
    out.push((values[i] as number) - sum / 7)
  }
  return out
}

/** `values` with anything beyond median ± k robust sigmas (MAD) pulled back to that bound. */
export function capSpikes(values: readonly number[], k = 5): number[] {
  const median = quantile(values, 0.5)
  const sigma =
    1.4826 *
    quantile(
      values.map((v) => Math.abs(v - median)),
      0.5,
    )
  if (!(sigma > 0)) return [...values]
  return values.map((v) => Math.min(median + k * sigma, Math.max(median - k * sigma, v)))
}

export function detectWeeklySeasonality(
  values: readonly number[],
  backend: Pick<ForecastBackend, 'seasonalities'>,
  minAcf = 0.3,
): SeasonalityFinding {
  if (values.length < 21) return { periods: [], evidence: `only ${values.length} days: weekly seasonality needs 3 weeks` }
  const detrended = capSpikes(detrendWeekly(values))
  const found = backend.seasonalities(detrended, 3, Math.min(28, Math.floor(detrended.length / 3)))
  const weekly = found.find((p) => p % 7 === 0)
  const acf = autocorrelation(detrended, 7)
  if (weekly !== undefined)
    return {
      periods: [7],
      evidence: `periodogram found period ${weekly} days; detrended lag-7 autocorrelation ${acf.toFixed(2)}`,
    }
  if (acf >= minAcf) return { periods: [7], evidence: `detrended lag-7 autocorrelation ${acf.toFixed(2)} ≥ ${minAcf}` }
  return {
    periods: [],
    evidence: `no weekly pattern (periodogram: ${found.length ? found.join(', ') : 'none'}; detrended lag-7 autocorrelation ${acf.toFixed(2)})`,
  }
}
