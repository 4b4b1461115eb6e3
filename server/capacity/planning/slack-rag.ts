// RAG from slack against lead time: utilisation says how full a metric is
// today; slack says whether there is still time to order the fix.
//
// The rule (shown verbatim in the UI legend):
//   red     slack < 0: the order-by date has passed; even ordering today the
//           upgrade lands after the pessimistic (P90) breach, less the buffer.
//   amber   0 ≤ slack < max(safety buffer, half the lead time): the order
//           window closes soon; start the purchase now. Half the lead time
//           scales the warning with how long procurement takes (a 120-day
//           upgrade warns 60 days ahead), the buffer is the floor for quick ones.
//   green   more slack than that, or no P90 breach within the horizon.
//   unknown no forecast (too little history, refused); says why.
import type { Rag } from '../limits/rag.ts'

/** Names and rules of the slack RAG, shown in the UI legend. */
export interface SlackRagLegend {
  red: string
  amber: string
  green: string
  unknown: string
}

export interface RagLegendEntry {
  rag: Rag
  name: string
  rule: string
}

export const defaultSlackLegend: SlackRagLegend = {
  red: 'Order late',
  amber: 'Order soon',
  green: 'Time to spare',
  unknown: 'No forecast',
}

/** Days of slack below which a metric turns amber. */
export function amberSlackDays(leadTimeDays: number, safetyBufferDays: number): number {
  return Math.max(safetyBufferDays, Math.ceil(leadTimeDays / 2))
}

export function slackRag(
  slackDays: number | null,
  leadTimeDays: number,
  safetyBufferDays: number,
  forecastReason: string | null,
): { rag: Rag; reason: string } {
  if (forecastReason !== null) return { rag: 'unknown', reason: `no forecast: ${forecastReason}` }
  if (slackDays === null) return { rag: 'green', reason: 'no P90 breach within the forecast horizon' }
  const amber = amberSlackDays(leadTimeDays, safetyBufferDays)
  if (slackDays < 0) return { rag: 'red', reason: `order-by date passed ${-slackDays} days ago (lead time ${leadTimeDays} d)` }
  if (slackDays < amber) {
    return {
      rag: 'amber',
      reason: `${slackDays} days of slack, under ${amber} (max of safety buffer ${safetyBufferDays} d and half the lead time)`,
    }
  }
  return { rag: 'green', reason: `${slackDays} days of slack, at least ${amber}` }
}

export function slackLegend(names: Partial<SlackRagLegend> = {}): RagLegendEntry[] {
  const n = { ...defaultSlackLegend, ...names }
  return [
    {
      rag: 'red',
      name: n.red,
      rule: 'slack < 0 days: the order-by date (P90 breach − lead time − safety buffer) has passed, or the 24 h peak is past the critical threshold',
    },
    {
      rag: 'amber',
      name: n.amber,
      rule: '0 ≤ slack < max(safety buffer, ½ lead time), or the 24 h peak is past the warn threshold',
    },
    {
      rag: 'green',
      name: n.green,
      rule: 'slack ≥ max(safety buffer, ½ lead time), or no P90 breach within the horizon; peak below warn',
    },
    { rag: 'unknown', name: n.unknown, rule: 'no samples yet, or too little history to forecast (the reason is shown)' },
  ]
}
