// The bucket width for a chart that asks for "at most N points" over a
// window: the smallest step from a ladder of round widths that fits, with
// the window widened to whole steps. Whole hours and days let the store
// answer from its hourly and daily rollups (each bucket's max kept, so a
// year drawn at 6 h still shows every peak) instead of scanning raw points.
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

export const STEP_LADDER = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  30 * DAY,
] as const

/** The most points a chart may ask for: more than any screen has pixels for a line. */
export const MAX_POINTS = 2000

export interface StepChoice {
  stepMs: number
  from: Date
  to: Date
}

/** Smallest ladder step giving at most `points` buckets over [from, to), the window widened to whole steps. */
export function stepForPoints(from: Date, to: Date, points: number): StepChoice {
  const span = to.getTime() - from.getTime()
  for (const step of STEP_LADDER) {
    const lo = Math.floor(from.getTime() / step) * step
    const hi = Math.ceil(to.getTime() / step) * step
    if ((hi - lo) / step <= points) return { stepMs: step, from: new Date(lo), to: new Date(hi) }
  }
  const step = Math.ceil(span / points / DAY) * DAY
  return {
    stepMs: step,
    from: new Date(Math.floor(from.getTime() / step) * step),
    to: new Date(Math.ceil(to.getTime() / step) * step),
  }
}
