// A cheap pre-check before the Bayesian changepoint detector, which costs
// more than the whole rest of a forecast bar the model fit. lastLevelShift()
// only ever returns a split that judgeShift() accepts, so if no split of the
// series passes the same test the detector's answer is known to be "none"
// and need not be asked. The screen errs on the side of "maybe" (a slightly
// lower threshold), so it never hides a shift the detector would report.
import type { LevelShiftOptions } from './changepoint.ts'
import { quantileInPlace } from './numeric/select.ts'

/** Median of buf[0..n) (reordered in place), same interpolation as quantile(…, 0.5). */
function medianInPlace(buf: Float64Array, n: number): number {
  return quantileInPlace(buf, n, 0.5)
}

function medianAndSigma(
  values: readonly number[],
  from: number,
  to: number,
  buf: Float64Array,
): { median: number; sigma: number } {
  const n = to - from
  for (let i = 0; i < n; i++) buf[i] = values[from + i] as number
  const median = medianInPlace(buf, n)
  for (let i = 0; i < n; i++) buf[i] = Math.abs((values[from + i] as number) - median)
  return { median, sigma: 1.4826 * medianInPlace(buf, n) }
}

/** False when no split of `values` can be a level shift by judgeShift()'s test. */
export function mayHaveLevelShift(values: readonly number[], options: LevelShiftOptions = {}): boolean {
  const minSegment = options.minSegment ?? 5
  const window = options.window ?? 28
  // 1 % below the real threshold: float rounding can never make the screen stricter than the test.
  const minStrength = (options.minStrength ?? 3) * 0.99
  const buf = new Float64Array(window)
  for (let index = minSegment; values.length - index >= minSegment; index++) {
    const before = medianAndSigma(values, Math.max(0, index - window), index, buf)
    const after = medianAndSigma(values, index, Math.min(values.length, index + window), buf)
    const sigma = Math.max((before.sigma + after.sigma) / 2, 1e-9 * Math.max(1, Math.abs(before.median)))
    if (Math.abs(after.median - before.median) / sigma >= minStrength) return true
  }
  return false
}
