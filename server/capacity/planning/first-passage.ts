// How likely the breakpoint is to have been reached at least once by each
// forecast day: the distribution of the *first* crossing, which is what a
// breach date promises ("by this day the peak will have hit the limit"),
// rather than the day the median path crosses it. A median daily peak
// rarely reaches a limit set above the recent peaks, yet real peaks cross
// it: the crossings come from the day-to-day wobble around the level, and
// that wobble is the part of the band the median path throws away.
//
// Model: a day's peak = P50 + level error + daily noise. The daily noise is
// independent from day to day, with the spread of the series' own rises
// above its local level (forecast noise90); the level error is shared by
// neighbouring days: one standard normal Z scaled, at each step, by the
// part of the band's spread the noise does not explain. Given Z the days
// are independent, so the chance of no crossing up to day t is a product;
// averaged over Z (a normal grid) it gives the chance of a breach by day t.
// Measured against the least-squares line and the median path on real
// series in `npm run eval:forecast` (bench/README.md, time to breakpoint).

/** z of the 90th percentile of a standard normal. */
const Z90 = 1.2815515655446004
/** Level-error grid: Z from −4 to 4 in quarter steps, normal-weighted. */
const GRID = Array.from({ length: 33 }, (_, i) => -4 + i * 0.25)
const GRID_WEIGHTS = (() => {
  const w = GRID.map((z) => Math.exp(-0.5 * z * z))
  const total = w.reduce((s, v) => s + v, 0)
  return w.map((v) => v / total)
})()

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; absolute error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-(x * x) / 2)
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

export interface FirstPassageInput {
  p50: readonly number[]
  p90: readonly number[]
  /** The 90 % quantile of one day's rise above its local level; 0 for none. */
  noise90: number
  /** The breakpoint in force on forecast day h. */
  limitOn: (h: number) => number
}

/** P(first crossing on or before forecast day h), for every day h (non-decreasing); stops after the first day reaching `stopAt`. */
export function breachProbabilities(input: FirstPassageInput, stopAt = Infinity): number[] {
  const { p50, p90, limitOn } = input
  const n = Math.min(p50.length, p90.length)
  const out: number[] = []
  const survive = GRID.map(() => 1)
  for (let h = 0; h < n; h++) {
    const mid = p50[h] as number
    const limit = limitOn(h)
    const total = Math.max(0, (p90[h] as number) - mid) / Z90
    const noise = Math.min(Math.max(0, input.noise90) / Z90, total)
    const level = Math.sqrt(Math.max(0, total * total - noise * noise))
    let alive = 0
    for (let g = 0; g < GRID.length; g++) {
      const centre = mid + (GRID[g] as number) * level
      const below = noise > 0 ? normalCdf((limit - centre) / noise) : centre < limit ? 1 : 0
      survive[g] = (survive[g] as number) * below
      alive += (GRID_WEIGHTS[g] as number) * (survive[g] as number)
    }
    out.push(1 - alive)
    if (1 - alive >= stopAt) break
  }
  return out
}

/**
 * Union bound on the chance of any crossing within the horizon: the sum over the days of each day's own
 * chance of being at or above its limit (level error and noise together: a normal with the band's spread).
 */
export function crossingBound(input: FirstPassageInput): number {
  const n = Math.min(input.p50.length, input.p90.length)
  let sum = 0
  for (let h = 0; h < n && sum < 1; h++) {
    const mid = input.p50[h] as number
    const limit = input.limitOn(h)
    const spread = Math.max(0, (input.p90[h] as number) - mid) / Z90
    sum += spread > 0 ? 1 - normalCdf((limit - mid) / spread) : mid >= limit ? 1 : 0
  }
  return sum
}

/** First forecast day (index) by which a crossing is at least `probability` likely; null when none within the horizon. */
export function firstPassageDay(input: FirstPassageInput, probability: number): number | null {
  // A metric far below its limit (most of an estate on most days) is settled by the bound in
  // one pass over the days, not by the grid's 33 survival products per day.
  if (crossingBound(input) < probability) return null
  const i = breachProbabilities(input, probability).findIndex((p) => p >= probability)
  return i < 0 ? null : i
}
