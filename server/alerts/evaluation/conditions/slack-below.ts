// Slack (order-by date − today, in days) below a number of days: a softer,
// earlier nudge than breach-inside-lead-time, e.g. "30 days left to order".
import { z } from 'zod'
import { eachMetric, METRIC_VARIABLES, metricLabels, metricVars } from './metric-vars.ts'
import { defineCondition, judgeBelow } from './types.ts'

const params = z.strictObject({
  days: z.number({ error: 'expected a number of days' }),
})

export const slackBelowCondition = defineCondition({
  type: 'slack-below',
  description: 'Slack (order-by date − today) below `days` days; negative slack means the order is already late.',
  variables: [...METRIC_VARIABLES, 'days'],
  selectors: ['app', 'metric', 'kind', 'chain', 'labels'],
  defaultHysteresis: 2,
  chainInhibitable: true,
  defaultSummary:
    '{{ appName }} {{ metricName }}: {{ slackDays }} days of slack left to order {{ upgrade }} (order by {{ orderBy }}, P90 breach {{ p90Date }})',
  params,
  evaluate(p, ctx, margin) {
    return eachMetric(ctx, (entry) => {
      const e = entry.metric.engine
      const vars = () => ({ ...metricVars(entry), days: String(p.days) })
      const labels = metricLabels(entry)
      if (!e) return { labels, status: 'unknown', value: null, vars }
      if (e.slackDays === null) return { labels, status: 'clear', value: null, vars }
      return { labels, status: judgeBelow(e.slackDays, p.days, margin), value: e.slackDays, vars }
    })
  },
})
