// When the forecast peak first reaches the breakpoint, as dates: P50 (likely)
// and P90 (pessimistic, the one to plan orders by). A null date always comes
// with the reason, so the UI never shows a blank.
import { DAY_MS, toMs } from '../forecast/types.ts'

export interface BandDay {
  date: string
  p50: number
  p90: number
}

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

/**
 * First forecast day whose P50 / P90 is at or above `breakpoint`. When the
 * latest observed peak already exceeds it, both dates are today.
 */
export function timeToBreakpoint(
  days: readonly BandDay[],
  breakpoint: number,
  now: Date | number,
  currentPeak: number | null = null,
): TimeToBreakpoint {
  const nowMs = toMs(now)
  const today = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10)
  if (currentPeak !== null && currentPeak >= breakpoint) {
    const b = { date: today, days: 0 }
    return { p50: b, p90: b, reason: `the current peak ${currentPeak} is already at or above the breakpoint ${breakpoint}` }
  }
  if (days.length === 0) return { p50: null, p90: null, reason: 'no forecast to compare with the breakpoint' }
  const find = (key: 'p50' | 'p90'): Breach | null => {
    const hit = days.find((d) => d[key] >= breakpoint)
    return hit ? { date: hit.date, days: daysBetween(nowMs, hit.date) } : null
  }
  const p50 = find('p50')
  const p90 = find('p90')
  const horizon = `${days[0]?.date}..${days[days.length - 1]?.date}`
  const reason =
    p90 === null
      ? `no breach within the forecast horizon ${horizon} (P90 stays below ${breakpoint})`
      : p50 === null
        ? `only the pessimistic P90 reaches ${breakpoint}, on ${p90.date}; P50 stays below within ${horizon}`
        : `P50 reaches ${breakpoint} on ${p50.date}, P90 on ${p90.date}`
  return { p50, p90, reason }
}
