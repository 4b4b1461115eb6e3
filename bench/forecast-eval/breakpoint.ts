// Time-to-breakpoint back-test: from several origins in each series, put a
// limit at 1.0×, 1.1× and 1.25× the highest daily peak of the 28 days before
// the origin, and compare the first day the forecast reaches it with the
// first day the actual series does, within the rest of the series (a
// predicted date beyond the data cannot be checked and counts as "none").
// Scored twice: for the P50 breach date (issue 8's protocol) and for the
// P90 breach date, the pessimistic one order-by dates and alerts use. The
// dates are the engine's own (planning/time-to-breakpoint.ts): for a method
// that reports its day-to-day noise, the P50 date is the first crossing's
// median, as the dashboard shows it; otherwise the day its paths reach the limit.
import type { DailySeries } from './series.ts'
import { dateAt } from './series.ts'
import type { Method } from './methods.ts'
import { defaultForecastOptions } from '../../server/capacity/forecast/forecast.ts'
import { breachDays } from '../../server/capacity/planning/time-to-breakpoint.ts'
import { bandOfDays } from '../../server/capacity/forecast/forecast-band.ts'
import { breachProbabilities } from '../../server/capacity/planning/first-passage.ts'

export const LIMIT_FACTORS = [1, 1.1, 1.25] as const
/** First origin: the 28 days the limit is set from are also the history the forecast is fitted on. */
const FIRST_ORIGIN = 28
const ORIGIN_STEP = 7
/** Fewest days after an origin for its outcome to be worth checking. */
const MIN_REST = 14
const HORIZON = defaultForecastOptions.horizonDays

export interface BreakpointTally {
  /** Limits where both a predicted and an actual crossing exist. */
  both: number
  absErrorDays: number
  /** Sum of predicted − actual days where both exist (negative: warned early). */
  signedErrorDays: number
  falseBreaches: number
  misses: number
  /** Neither predicted nor happened. */
  quiet: number
  cases: number
  /**
   * P50 only, for a method dating by first crossing: the sum, over the crossings it dates within the
   * data, of its own chance that none happens before the data end. A median date is wrong that often
   * by construction, so this is the false-breach count a calibrated model would show; null otherwise.
   */
  expectedFalse: number | null
}

export interface BreakpointTallies {
  p50: BreakpointTally
  p90: BreakpointTally
}

function emptyTally(): BreakpointTally {
  return { both: 0, absErrorDays: 0, signedErrorDays: 0, falseBreaches: 0, misses: 0, quiet: 0, cases: 0, expectedFalse: null }
}

export function emptyTallies(): BreakpointTallies {
  return { p50: emptyTally(), p90: emptyTally() }
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

function count(tally: BreakpointTally, actual: number | null, predicted: number | null): void {
  tally.cases++
  if (actual !== null && predicted !== null) {
    tally.both++
    tally.absErrorDays += Math.abs(actual - predicted)
    tally.signedErrorDays += predicted - actual
  } else if (predicted !== null) tally.falseBreaches++
  else if (actual !== null) tally.misses++
  else tally.quiet++
}

/** Adds one series' origins and limits to `tallies`. */
export function breakpointBacktest(s: DailySeries, method: Method, tallies: BreakpointTallies): void {
  for (const o of origins(s.values.length)) {
    const train = s.values.slice(0, o)
    const rest = s.values.slice(o)
    const recentMax = Math.max(...train.slice(o - 28))
    // The engine's whole horizon: a first crossing's chance builds up over the days before it.
    const band = method.forecast(train, dateAt(s, o - 1), HORIZON)
    const days = bandOfDays(band ? band.p50.map((p50, h) => ({ date: dateAt(s, o + h), p50, p90: band.p90[h] as number })) : [])
    for (const f of LIMIT_FACTORS) {
      const limit = recentMax * f
      const actual = firstAtOrAbove(rest, limit)
      const found = breachDays(days, () => limit, band?.noise90 ?? null)
      // Day h of the forecast is day h + 1 after the origin; a date past the data cannot be checked.
      const checkable = (h: number | null): number | null => (h !== null && h < rest.length ? h + 1 : null)
      count(tallies.p50, actual, checkable(found.p50))
      if (band?.noise90 !== undefined && checkable(found.p50) !== null) {
        const chance = breachProbabilities({ p50: band.p50, p90: band.p90, noise90: band.noise90, limitOn: () => limit })
        const byEnd = chance[Math.min(rest.length, chance.length) - 1] ?? 0
        tallies.p50.expectedFalse = (tallies.p50.expectedFalse ?? 0) + (1 - byEnd)
      }
      count(tallies.p90, actual, checkable(found.p90))
    }
  }
}
