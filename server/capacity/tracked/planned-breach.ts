// Time to breakpoint when the breakpoint steps up on planned delivery dates:
// the first forecast day whose P50 / P90 reaches the breakpoint in force that
// day (see time-to-breakpoint.ts for how the P50 and P90 dates are found).
// Without steps it is exactly timeToBreakpoint(), same words and all.
import type { ForecastBand } from '../forecast/forecast-band.ts'
import { toMs } from '../forecast/types.ts'
import { breakpointOn, type BreakpointSchedule } from './capacity-steps.ts'
import { breachDays, breachOn, breachReason, timeToBreakpoint, type TimeToBreakpoint } from '../planning/time-to-breakpoint.ts'

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function describeSteps(schedule: BreakpointSchedule): string {
  return schedule.steps.map((s) => `"${s.name}" from ${s.from} (breakpoint ${Number(s.breakpoint.toFixed(2))})`).join(', ')
}

export function timeToPlannedBreakpoint(
  band: ForecastBand,
  schedule: BreakpointSchedule,
  now: Date | number,
  currentPeak: number | null = null,
  noise90: number | null = null,
): TimeToBreakpoint {
  if (schedule.steps.length === 0 || (currentPeak !== null && currentPeak >= schedule.base))
    return timeToBreakpoint(band, schedule.base, now, currentPeak, noise90)
  if (band.dates.length === 0) return { p50: null, p90: null, reason: 'no forecast to compare with the breakpoint' }
  const nowMs = toMs(now)
  const found = breachDays(band, (h) => breakpointOn(schedule, band.dates[h] as string), noise90)
  const p50 = breachOn(band, found.p50, nowMs)
  const p90 = breachOn(band, found.p90, nowMs)
  const plan = `the breakpoint with ${plural(schedule.steps.length, 'planned step')} (${describeSteps(schedule)})`
  return { p50, p90, reason: breachReason(band, p50, p90, found.firstPassage, plan) }
}
