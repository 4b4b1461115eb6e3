// When the forecast peak first reaches the breakpoint, as dates: P50 (likely)
// and P90 (pessimistic, the one to plan orders by). With the series' day-to-day
// noise known, the P50 date is the median of the *first crossing*
// (first-passage.ts): the day by which the peak is more likely than not to
// have reached the breakpoint at least once; without it, the day the median
// path reaches it. The P90 date is the first day the P90 path reaches it, and
// never later than the P50 date. A null date always comes with the reason,
// so the UI never shows a blank.
import type { ForecastBand } from '../forecast/forecast-band.ts'
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import { firstPassageDay } from './first-passage.ts'

export interface Breach {
  date: string
  /** Whole days from `now`'s date to the breach date (0 = today). */
  days: number
}

export interface TimeToBreakpoint {
  p50: Breach | null
  p90: Breach | null
  /** Why a date is null (or that the breakpoint is already exceeded). */
  reason: string
}

function daysBetween(nowMs: number, date: string): number {
  const today = Math.floor(nowMs / DAY_MS)
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) - today
}

export interface BreachDays {
  p50: number | null
  p90: number | null
  /** True when the P50 date is the first crossing's median rather than the median path's. */
  firstPassage: boolean
}

/** The first day `column` reaches the limit in force that day, or -1. */
function firstAtOrAbove(column: readonly number[], limitOn: (h: number) => number): number {
  for (let h = 0; h < column.length; h++) if ((column[h] as number) >= limitOn(h)) return h
  return -1
}

/**
 * Indexes of the P50 and P90 breach days in `days` against the breakpoint
 * in force each day; `noise90` (the forecast's day-to-day noise, 90 %
 * quantile) turns on the first-crossing P50, null keeps the median path.
 */
export function breachDays(band: ForecastBand, limitOn: (h: number) => number, noise90: number | null): BreachDays {
  const p90 = firstAtOrAbove(band.p90, limitOn)
  const path50 = firstAtOrAbove(band.p50, limitOn)
  let p50 = path50 < 0 ? null : path50
  if (noise90 !== null) {
    const passage = firstPassageDay({ p50: band.p50, p90: band.p90, noise90, limitOn }, 0.5)
    if (passage !== null && (p50 === null || passage < p50)) p50 = passage
  }
  const pessimistic = p90 < 0 ? p50 : p50 === null ? p90 : Math.min(p90, p50)
  return { p50, p90: pessimistic, firstPassage: noise90 !== null }
}

/** Day `h` of the band as a breach date counted from `nowMs`; null for no day. */
export function breachOn(band: ForecastBand, h: number | null, nowMs: number): Breach | null {
  const date = h === null ? undefined : band.dates[h]
  return date === undefined ? null : { date, days: daysBetween(nowMs, date) }
}

/** The words for a pair of breach dates; `against` names the breakpoint (a number or the planned steps). */
export function breachReason(
  band: ForecastBand,
  p50: Breach | null,
  p90: Breach | null,
  firstPassage: boolean,
  against: string,
): string {
  const horizon = `${band.dates[0]}..${band.dates.at(-1)}`
  if (p90 === null) return `no breach within the forecast horizon ${horizon} (P90 stays below ${against})`
  if (p50 === null)
    return firstPassage
      ? `only the pessimistic P90 reaches ${against}, on ${p90.date}; within ${horizon} a first crossing stays less likely than not`
      : `only the pessimistic P90 reaches ${against}, on ${p90.date}; P50 stays below within ${horizon}`
  return firstPassage
    ? `P50: the peak is more likely than not to have reached ${against} by ${p50.date} (first crossing, day-to-day noise included); P90 on ${p90.date}`
    : `P50 reaches ${against} on ${p50.date}, P90 on ${p90.date}`
}

/**
 * Breach dates against a fixed `breakpoint`. When the latest observed peak
 * already exceeds it, both dates are today.
 */
export function timeToBreakpoint(
  band: ForecastBand,
  breakpoint: number,
  now: Date | number,
  currentPeak: number | null = null,
  noise90: number | null = null,
): TimeToBreakpoint {
  const nowMs = toMs(now)
  const today = isoDay(nowMs)
  if (currentPeak !== null && currentPeak >= breakpoint) {
    const b = { date: today, days: 0 }
    return { p50: b, p90: b, reason: `the current peak ${currentPeak} is already at or above the breakpoint ${breakpoint}` }
  }
  if (band.dates.length === 0) return { p50: null, p90: null, reason: 'no forecast to compare with the breakpoint' }
  const found = breachDays(band, () => breakpoint, noise90)
  const p50 = breachOn(band, found.p50, nowMs)
  const p90 = breachOn(band, found.p90, nowMs)
  return { p50, p90, reason: breachReason(band, p50, p90, found.firstPassage, String(breakpoint)) }
}
