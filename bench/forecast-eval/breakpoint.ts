// Time-to-breakpoint back-test: from several origins in each series, put a
// limit at 1.0×, 1.1× and 1.25× the highest daily peak of the 28 days before
// the origin, and compare the first day the forecast P50 reaches it with the
// first day the actual series does, within the rest of the series (a
// predicted date beyond the data cannot be checked and counts as "none").
import type { DailySeries } from './series.ts'
import { dateAt } from './series.ts'
import type { Method } from './methods.ts'

export const LIMIT_FACTORS = [1, 1.1, 1.25] as const
/** First origin: 28 days to set the limit from, and a week more to fit on. */
const FIRST_ORIGIN = 35
const ORIGIN_STEP = 7
/** Fewest days after an origin for its outcome to be worth checking. */
const MIN_REST = 14

export interface BreakpointTally {
  /** Limits where both a predicted and an actual crossing exist. */
  both: number
  absErrorDays: number
  falseBreaches: number
  misses: number
  /** Neither predicted nor happened. */
  quiet: number
  cases: number
}

export function emptyTally(): BreakpointTally {
  return { both: 0, absErrorDays: 0, falseBreaches: 0, misses: 0, quiet: 0, cases: 0 }
}

export function origins(n: number): number[] {
  const out: number[] = []
  for (let o = FIRST_ORIGIN; n - o >= MIN_REST; o += ORIGIN_STEP) out.push(o)
  return out
}

function firstAtOrAbove(values: readonly number[], limit: number): number | null {
  const i = values.findIndex((v) => v >= limit)
  return i < 0 ? null : i + 1
}

/** Adds one series' origins and limits to `tally`. */
export function breakpointBacktest(s: DailySeries, method: Method, tally: BreakpointTally): void {
  for (const o of origins(s.values.length)) {
    const train = s.values.slice(0, o)
    const rest = s.values.slice(o)
    const recentMax = Math.max(...train.slice(o - 28))
    const band = method.forecast(train, dateAt(s, o - 1), rest.length)
    for (const f of LIMIT_FACTORS) {
      const limit = recentMax * f
      const actual = firstAtOrAbove(rest, limit)
      const predicted = band ? firstAtOrAbove(band.p50.slice(0, rest.length), limit) : null
      tally.cases++
      if (actual !== null && predicted !== null) {
        tally.both++
        tally.absErrorDays += Math.abs(actual - predicted)
      } else if (predicted !== null) tally.falseBreaches++
      else if (actual !== null) tally.misses++
      else tally.quiet++
    }
  }
}
