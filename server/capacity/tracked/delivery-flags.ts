// Does each ordered upgrade land in time? Against the P90 breach it exists to
// prevent (the breach with every other planned step but not this one):
//   red    it lands after that breach ("lands 12 days late");
//   amber  it lands inside the safety buffer before it, or its expected date
//          has passed without a delivery (overdue: it then counts from
//          tomorrow, the earliest it can still land);
//   green  it lands with at least the buffer to spare, or nothing breaches.
import type { Rag } from '../limits/rag.ts'
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'

export interface DeliveryFlag {
  id: string
  name: string
  expectedDelivery: string
  /** The day its capacity counts from: the expected date, or tomorrow when overdue. */
  countsFrom: string
  rag: Rag
  /** Days after the P90 breach it prevents that it lands; null when in time. */
  daysLate: number | null
  /** Days past the expected delivery date without a delivery; null when not overdue. */
  daysOverdue: number | null
  /** The P90 breach this delivery prevents (without it), or null when there is none. */
  breachWithout: string | null
  text: string
}

const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`

/** Where an ordered delivery counts from: its date, or tomorrow once it is overdue. */
export function countsFrom(expectedDelivery: string, now: Date | number): string {
  const today = isoDay(toMs(now))
  return expectedDelivery < today ? isoDay(toMs(now) + DAY_MS) : expectedDelivery
}

export function deliveryFlag(
  step: { id: string; name: string; expectedDelivery: string },
  breachWithout: Breach | null,
  safetyBufferDays: number,
  now: Date | number,
): DeliveryFlag {
  const today = isoDay(toMs(now))
  const from = countsFrom(step.expectedDelivery, now)
  const daysOverdue = step.expectedDelivery < today ? dayNumber(today) - dayNumber(step.expectedDelivery) : null
  const margin = breachWithout ? dayNumber(breachWithout.date) - dayNumber(from) : null
  const daysLate = margin !== null && margin < 0 ? -margin : null
  const overdue =
    daysOverdue === null ? null : `overdue by ${days(daysOverdue)} (expected ${step.expectedDelivery}), counted from ${from}`
  let rag: Rag = 'green'
  let text: string
  if (daysLate !== null) {
    rag = 'red'
    text = `lands ${days(daysLate)} late: the P90 breach it prevents is ${breachWithout?.date}, delivery ${from}`
  } else if (margin !== null && margin < safetyBufferDays) {
    rag = 'amber'
    text = `lands only ${days(margin)} before the P90 breach it prevents (${breachWithout?.date}), inside the ${safetyBufferDays} d safety buffer`
  } else {
    text =
      margin === null
        ? `lands ${from}; no P90 breach within the horizon even without it`
        : `lands ${from}, ${days(margin)} before the P90 breach it prevents (${breachWithout?.date})`
  }
  if (overdue) {
    if (rag === 'green') rag = 'amber'
    text = `${overdue}; ${text}`
  }
  return {
    id: step.id,
    name: step.name,
    expectedDelivery: step.expectedDelivery,
    countsFrom: from,
    rag,
    daysLate,
    daysOverdue,
    breachWithout: breachWithout?.date ?? null,
    text,
  }
}
