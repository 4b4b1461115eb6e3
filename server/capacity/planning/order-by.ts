// The date an upgrade must be ordered by so it lands before the pessimistic
// (P90) breach, with a safety buffer for slipped deliveries. Slack is how
// many days are left to decide; negative slack means the order is already late.
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import type { Breach } from './time-to-breakpoint.ts'

export interface OrderBy {
  /** YYYY-MM-DD, or null when no breach is forecast. */
  orderBy: string | null
  /** orderBy − today in days; negative = late. Null when no breach is forecast. */
  slackDays: number | null
  reason: string
}

export function orderByDate(
  p90Breach: Breach | null,
  leadTimeDays: number,
  safetyBufferDays: number,
  now: Date | number,
): OrderBy {
  if (p90Breach === null) {
    return { orderBy: null, slackDays: null, reason: 'no P90 breach within the horizon, so nothing to order yet' }
  }
  const breachMs = Date.parse(`${p90Breach.date}T00:00:00Z`)
  const orderMs = breachMs - (leadTimeDays + safetyBufferDays) * DAY_MS
  const today = Math.floor(toMs(now) / DAY_MS)
  const slackDays = Math.round(orderMs / DAY_MS) - today
  const orderBy = isoDay(orderMs)
  const sum = `P90 breach ${p90Breach.date} − lead time ${leadTimeDays} d − safety buffer ${safetyBufferDays} d`
  const reason =
    slackDays < 0
      ? `${sum} = ${orderBy}: ${-slackDays} days late already`
      : slackDays === 0
        ? `${sum} = ${orderBy}: order today`
        : `${sum} = ${orderBy}: ${slackDays} days of slack`
  return { orderBy, slackDays, reason }
}
