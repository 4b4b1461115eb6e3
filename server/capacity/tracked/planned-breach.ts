// Time to breakpoint when the breakpoint steps up on planned delivery dates:
// the first forecast day whose P50 / P90 reaches the breakpoint in force that
// day (see time-to-breakpoint.ts for how the P50 and P90 dates are found).
// Without steps it is exactly timeToBreakpoint(), same words and all.
import { DAY_MS, toMs } from '../forecast/types.ts'
import { breakpointOn, type BreakpointSchedule } from './capacity-steps.ts'
import {
  breachDays,
  breachReason,
  timeToBreakpoint,
  type BandDay,
  type Breach,
  type TimeToBreakpoint,
} from '../planning/time-to-breakpoint.ts'

function daysFrom(nowMs: number, date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) - Math.floor(nowMs / DAY_MS)
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function describeSteps(schedule: BreakpointSchedule): string {
  return schedule.steps.map((s) => `"${s.name}" from ${s.from} (breakpoint ${Number(s.breakpoint.toFixed(2))})`).join(', ')
}

export function timeToPlannedBreakpoint(
  days: readonly BandDay[],
  schedule: BreakpointSchedule,
  now: Date | number,
  currentPeak: number | null = null,
  noise90: number | null = null,
): TimeToBreakpoint {
  if (schedule.steps.length === 0 || (currentPeak !== null && currentPeak >= schedule.base))
    return timeToBreakpoint(days, schedule.base, now, currentPeak, noise90)
  if (days.length === 0) return { p50: null, p90: null, reason: 'no forecast to compare with the breakpoint' }
  const nowMs = toMs(now)
  const found = breachDays(days, (h) => breakpointOn(schedule, (days[h] as BandDay).date), noise90)
  const at = (h: number | null): Breach | null => {
    const d = h === null ? undefined : days[h]
    return d ? { date: d.date, days: daysFrom(nowMs, d.date) } : null
  }
  const p50 = at(found.p50)
  const p90 = at(found.p90)
  const plan = `the breakpoint with ${plural(schedule.steps.length, 'planned step')} (${describeSteps(schedule)})`
  return { p50, p90, reason: breachReason(days, p50, p90, found.firstPassage, plan) }
}
