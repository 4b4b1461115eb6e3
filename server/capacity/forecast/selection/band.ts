// The P90 band around a chosen P50. From the back-test: the conformal
// quantile of the chosen forecast's own errors near each step ahead
// (conformal.ts). Never narrower than the series' day-to-day noise: a
// forecast can be no surer than one day's wobble around its level, and a
// back-test of a few origins that happened to fall in a calm spell says
// nothing about the storms. The noise is measured as the 90 % quantile
// of week-on-week differences divided by √2 (the difference of two
// independent days has twice one day's variance), on the real values,
// spikes included, because real peaks are what break a system.
import { clampTo, type Bounds } from './variants.ts'
import { conformalOffsets, conformalQuantile, type OriginErrors } from './conformal.ts'

const LEVEL = 0.9

/** The 90 % quantile of week-on-week differences (y[t] − y[t−7]); 0 when too short. */
function weekOnWeekQuantile(values: readonly number[]): number {
  const diffs: number[] = []
  for (let i = 7; i < values.length; i++) diffs.push((values[i] as number) - (values[i - 7] as number))
  return diffs.length === 0 ? 0 : Math.max(0, conformalQuantile(diffs, LEVEL))
}

/** The 90 % quantile of one day's deviation from its level: week-on-week differences ÷ √2. */
export function noiseQuantile(values: readonly number[]): number {
  return weekOnWeekQuantile(values) * Math.SQRT1_2
}

/**
 * Band offsets without a back-test (short history): the error of knowing
 * only last week (the week-on-week differences themselves, as the
 * seasonal-naive interval of fpp3 §5.5 uses them), widening as a random
 * walk of weeks, because with a few weeks of history the level itself is
 * barely known.
 */
export function shortHistoryOffsets(values: readonly number[], horizon: number): number[] {
  const q = weekOnWeekQuantile(values)
  return Array.from({ length: horizon }, (_, h) => q * Math.sqrt(Math.floor(h / 7) + 1))
}

/** Back-test offsets with the noise floor under them; the noise offsets when the back-test has too few errors. */
export function backtestOffsets(errors: OriginErrors, values: readonly number[], horizon: number): number[] {
  const floor = noiseQuantile(values)
  const q = conformalOffsets(errors, horizon, LEVEL)
  return q ? q.map((v) => Math.max(v, floor)) : shortHistoryOffsets(values, horizon)
}

/** Share of each origin's errors under offsets calibrated on the other origins (cross-conformal), with the same floor. */
export function heldOutCoverage(errors: OriginErrors, values: readonly number[], horizon: number): number {
  let hit = 0
  let all = 0
  const floor = noiseQuantile(values)
  errors.forEach((own, o) => {
    const q = conformalOffsets(
      errors.filter((_, i) => i !== o),
      horizon,
      LEVEL,
    )
    if (!q) return
    own.forEach((e, h) => {
      all++
      if (e <= Math.max(floor, q[h] as number)) hit++
    })
  })
  return all === 0 ? Number.NaN : hit / all
}

/** P50 and P90 within the metric's bounds; the P90 never below the P50. */
export function band(p50: readonly number[], offsets: readonly number[], bounds: Bounds): { p50: number[]; p90: number[] } {
  const lo = clampTo(p50, bounds)
  return {
    p50: lo,
    p90: clampTo(
      lo.map((v, h) => v + Math.max(0, offsets[h] ?? 0)),
      bounds,
    ),
  }
}

/**
 * The 90 % quantile of one day's rise above the median of the week around it
 * (days t−3..t+3): the day-to-day part of the noise only. Week-on-week
 * differences (noiseQuantile) also carry a week's drift of the level, which
 * the band's back-tested spread already holds; counting it again as
 * independent daily noise would make a first crossing look likelier than it
 * is (planning/first-passage.ts).
 */
export function localNoiseQuantile(values: readonly number[]): number {
  const devs: number[] = []
  for (let i = 3; i < values.length - 3; i++) {
    const w = values.slice(i - 3, i + 4).sort((a, b) => a - b)
    devs.push((values[i] as number) - (w[3] as number))
  }
  return devs.length === 0 ? 0 : Math.max(0, conformalQuantile(devs, LEVEL))
}
