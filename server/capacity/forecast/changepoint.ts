// Level shifts: after a migration or a new batch schedule, history before the
// shift describes a different system. The backend's Bayesian detector
// proposes candidates; we keep the last one whose shift is large against the
// noise, so weekly wiggles and one-off holidays do not throw history away.
import { quantile } from './daily-peak.ts'
import type { ForecastBackend } from './types.ts'

export interface LevelShift {
  /** Index of the first value of the new level. */
  index: number
  before: number
  after: number
  /** |after - before| in units of the robust noise (MAD-based sigma). */
  strength: number
}

export interface LevelShiftOptions {
  /** Fewest values on each side to judge a shift by. */
  minSegment?: number
  /** How many noise sigmas the medians must differ by. */
  minStrength?: number
  /** Values on each side used to judge a candidate (keeps old regimes from blurring it). */
  window?: number
}

function robustSigma(values: readonly number[]): number {
  const med = quantile(values, 0.5)
  return (
    1.4826 *
    quantile(
      values.map((v) => Math.abs(v - med)),
      0.5,
    )
  )
}

/** Judges one candidate start index; null when the shift is not clear. */
export function judgeShift(values: readonly number[], index: number, options: LevelShiftOptions = {}): LevelShift | null {
  const minSegment = options.minSegment ?? 5
  const window = options.window ?? 28
  if (index < minSegment || values.length - index < minSegment) return null
  const beforeSeg = values.slice(Math.max(0, index - window), index)
  const afterSeg = values.slice(index, index + window)
  const before = quantile(beforeSeg, 0.5)
  const after = quantile(afterSeg, 0.5)
  const sigma = Math.max((robustSigma(beforeSeg) + robustSigma(afterSeg)) / 2, 1e-9 * Math.max(1, Math.abs(before)))
  const strength = Math.abs(after - before) / sigma
  return strength >= (options.minStrength ?? 3) ? { index, before, after, strength } : null
}

/** The most recent clear level shift, or null when the series has one level. */
export function lastLevelShift(
  values: readonly number[],
  backend: Pick<ForecastBackend, 'changepoints'>,
  options: LevelShiftOptions = {},
): LevelShift | null {
  const candidates = backend
    .changepoints(values)
    .filter((i) => i > 0)
    .sort((a, b) => b - a)
  for (const c of candidates) {
    // The detector reports the last index of the old run or the first of the new; try both.
    const shift = judgeShift(values, c + 1, options) ?? judgeShift(values, c, options)
    if (shift) return shift
  }
  return null
}
