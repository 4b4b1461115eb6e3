// A collector whose last `failures` runs in a row failed: its series will go
// stale next, and the red tile it would hide must not look green.
import { z } from 'zod'
import { textOr } from '../format.ts'
import { defineCondition, judgeAbove } from './types.ts'

const params = z.strictObject({
  /** Consecutive failed runs; one failure is often a blip. */
  failures: z.number().int().positive().default(3),
})

export const collectorDownCondition = defineCondition({
  type: 'collector-down',
  description: 'A collector’s last `failures` runs (default 3) all failed.',
  variables: ['collector', 'type', 'failures', 'lastError', 'lastSuccess'],
  selectors: ['collector', 'labels'],
  defaultHysteresis: 0,
  chainInhibitable: false,
  defaultSummary: 'Collector {{ collector }} ({{ type }}) failed {{ failures }} runs in a row: {{ lastError }}',
  params,
  evaluate(p, ctx, margin) {
    return ctx.collectors
      .filter((c) => c.enabled)
      .map((c) => ({
        labels: { collector: c.id, type: c.type },
        // A success resets the count, so "holding" only matters with a margin.
        status: c.state === 'idle' ? 'unknown' : judgeAbove(c.consecutiveFailures, p.failures, margin),
        value: c.consecutiveFailures,
        vars: {
          collector: c.id,
          type: c.type,
          failures: String(c.consecutiveFailures),
          lastError: textOr(c.lastError?.message, 'no error recorded'),
          lastSuccess: textOr(c.lastSuccess, 'never'),
        },
      }))
  },
})
