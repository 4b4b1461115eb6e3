// Time to breakpoint when the breakpoint steps up on planned delivery dates:
// the first forecast day whose P50 / P90 reaches the breakpoint in force that
// day. Without steps it is exactly timeToBreakpoint(), same words and all.
import { DAY_MS, toMs } from '../forecast/types.ts'
import { breakpointOn, type BreakpointSchedule } from './capacity-steps.ts'
import { timeToBreakpoint, type BandDay, type Breach, type TimeToBreakpoint } from '../planning/time-to-breakpoint.ts'

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
): TimeToBreakpoint {
  if (schedule.steps.length === 0 || (currentPeak !== null && currentPeak >= schedule.base))
    return timeToBreakpoint(days, schedule.base, now, currentPeak)
  if (days.length === 0) return { p50: null, p90: null, reason: 'no forecast to compare with the breakpoint' }
  const nowMs = toMs(now)
  const find = (key: 'p50' | 'p90'): Breach | null => {
    const hit = days.find((d) => d[key] >= breakpointOn(schedule, d.date))
    return hit ? { date: hit.date, days: daysFrom(nowMs, hit.date) } : null
  }
  const p50 = find('p50')
  const p90 = find('p90')
  const plan = `with ${plural(schedule.steps.length, 'planned step')} (${describeSteps(schedule)})`
  const horizon = `${days[0]?.date}..${days[days.length - 1]?.date}`
  const reason =
    p90 === null
      ? `no breach within the forecast horizon ${horizon} ${plan}`
      : p50 === null
        ? `${plan}, only the pessimistic P90 reaches the breakpoint, on ${p90.date}`
        : `${plan}, P50 reaches the breakpoint on ${p50.date}, P90 on ${p90.date}`
  return { p50, p90, reason }
}
