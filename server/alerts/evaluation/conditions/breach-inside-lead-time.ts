// The alert no open-source peer offers: the pessimistic (P90) forecast
// reaches the breakpoint sooner than an upgrade can land. Fires when the P90
// breach date is inside lead time + safety buffer + `withinDays`, i.e. the
// order-by date has passed or is at most `withinDays` away.
import { z } from 'zod'
import { formatDays } from '../format.ts'
import { eachMetric, METRIC_VARIABLES, metricLabels, metricVars } from './metric-vars.ts'
import { defineCondition, judgeBelow } from './types.ts'

const params = z.strictObject({
  /** Warn this many days before the order-by date; 0 = when it is reached. */
  withinDays: z.number().int().nonnegative().default(0),
})

export const breachInsideLeadTimeCondition = defineCondition({
  type: 'breach-inside-lead-time',
  description:
    'The P90 breach date is inside lead time + safety buffer (+ `withinDays`): the order-by date has passed or is within `withinDays` days.',
  variables: [...METRIC_VARIABLES, 'daysToBreach', 'withinDays'],
  selectors: ['app', 'metric', 'kind', 'chain', 'labels'],
  defaultHysteresis: 2,
  chainInhibitable: true,
  defaultSummary:
    '{{ appName }} {{ metricName }} is forecast (P90) to reach its breakpoint of {{ limit }} {{ unit }} on {{ p90Date }}, inside the {{ leadTimeDays }} d lead time + {{ bufferDays }} d buffer; order {{ upgrade }} by {{ orderBy }}',
  params,
  evaluate(p, ctx, margin) {
    return eachMetric(ctx, (entry) => {
      const e = entry.metric.engine
      const vars = () => ({
        ...metricVars(entry),
        withinDays: String(p.withinDays),
        daysToBreach: formatDays(e?.p90Breach?.days),
      })
      const labels = metricLabels(entry)
      // No engine verdict yet (just started): say nothing rather than resolve what was firing.
      if (!e) return { labels, status: 'unknown', value: null, vars }
      if (!e.p90Breach) return { labels, status: 'clear', value: null, vars }
      // Days of margin before the order-by date; ≤ withinDays fires.
      const slack = e.p90Breach.days - e.leadTimeDays - e.safetyBufferDays
      return { labels, status: judgeBelow(slack, p.withinDays + 1, margin), value: slack, vars }
    })
  },
})
