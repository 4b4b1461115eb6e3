// Theil–Sen: the median of pairwise slopes. Used when history is too short
// for a seasonal model; one outlier day (a failed batch, a holiday) moves it
// far less than least squares would.
import { quantile } from '../daily-peak.ts'
import { quantileInPlace } from './select.ts'

export interface LinearFit {
  slope: number
  intercept: number
  /** Residual quantiles, for a band that reflects how noisy the history is. */
  residualP10: number
  residualP90: number
}

/** Fits y = intercept + slope·x with x = 0..n-1. Needs at least two points. */
export function theilSen(values: readonly number[]): LinearFit | null {
  const n = values.length
  if (n < 2) return null
  const slopes = new Float64Array((n * (n - 1)) / 2)
  let k = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) slopes[k++] = ((values[j] as number) - (values[i] as number)) / (j - i)
  }
  const slope = quantileInPlace(slopes, slopes.length, 0.5)
  const intercept = quantile(
    values.map((v, i) => v - slope * i),
    0.5,
  )
  const residuals = values.map((v, i) => v - (intercept + slope * i))
  return { slope, intercept, residualP10: quantile(residuals, 0.1), residualP90: quantile(residuals, 0.9) }
}
