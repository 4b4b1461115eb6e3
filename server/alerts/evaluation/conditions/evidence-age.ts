// A limit whose evidence (performance test, vendor figure) is older than its
// re-test age: the breakpoint everything else is measured against may no
// longer hold. Judged from estate.yaml and `now`, so it works before any data.
import { z } from 'zod'
import { evidenceAgeDays } from '../../../capacity/limits/evidence.ts'
import { formatDays } from '../format.ts'
import { eachMetric, METRIC_VARIABLES, metricLabels, metricVars } from './metric-vars.ts'
import { defineCondition, judgeAbove, type AlertContext } from './types.ts'
import type { Candidate } from '../types.ts'

const params = z.strictObject({
  /** Default: the estate's defaults.evidenceMaxAgeDays. */
  maxAgeDays: z.number().int().positive().optional(),
  /** binding: only the limit that sets the breakpoint; all: every limit of the metric. */
  limits: z.enum(['binding', 'all']).default('binding'),
})

export const evidenceAgeCondition = defineCondition({
  type: 'evidence-age',
  description:
    'A limit’s evidence is older than `maxAgeDays` (default: the estate’s evidenceMaxAgeDays); `limits: all` checks every limit, not only the binding one.',
  variables: [...METRIC_VARIABLES, 'limitEvidence', 'limitDate', 'ageDays', 'maxAgeDays'],
  selectors: ['app', 'metric', 'kind', 'chain', 'labels'],
  defaultHysteresis: 0,
  chainInhibitable: false,
  defaultSummary:
    '{{ appName }} {{ metricName }}: limit "{{ limitName }}" rests on {{ limitEvidence }} evidence from {{ limitDate }}, {{ ageDays }} days old (re-test after {{ maxAgeDays }})',
  params,
  *evaluate(p, ctx: AlertContext, margin): Generator<Candidate, void> {
    const maxAge = p.maxAgeDays ?? ctx.estate.defaults.evidenceMaxAgeDays
    const configs = new Map(ctx.estate.applications.flatMap((a) => a.metrics.map((m) => [`${a.id}/${m.id}`, m])))
    for (const candidates of eachMetric(ctx, (entry) => {
      const config = configs.get(`${entry.app.id}/${entry.metric.metric}`)
      const limits = (config?.limits ?? []).filter((l) => p.limits === 'all' || l.name === entry.metric.limitName)
      return limits.map((limit) => {
        const age = evidenceAgeDays(limit, ctx.now)
        return {
          labels: { ...metricLabels(entry), limit: limit.name },
          status: judgeAbove(age, maxAge + 1, margin),
          value: age,
          vars: () => ({
            ...metricVars(entry),
            limitName: limit.name,
            limitEvidence: limit.evidence.source,
            limitDate: limit.evidence.date,
            ageDays: formatDays(age),
            maxAgeDays: String(maxAge),
          }),
        }
      })
    }))
      yield* candidates
  },
})
