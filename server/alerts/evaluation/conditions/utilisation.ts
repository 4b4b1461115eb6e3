// Utilisation of the 24 h peak (or the latest value) at or above a fraction
// of the breakpoint. By default the metric's own critical threshold, so the
// alert agrees with the red tile; `above: warn` or a number overrides it.
import { z } from 'zod'
import { formatPercent } from '../format.ts'
import { eachMetric, METRIC_VARIABLES, metricLabels, metricVars } from './metric-vars.ts'
import { defineCondition, judgeAbove } from './types.ts'

const params = z.strictObject({
  /** peak: the 24 h peak (what RAG uses); latest: the last sample. */
  measure: z.enum(['peak', 'latest']).default('peak'),
  above: z
    .union([
      z.enum(['warn', 'critical']),
      z.number().gt(0, 'expected a fraction above 0').lte(2, 'expected a fraction of the breakpoint of at most 2'),
    ])
    .default('critical'),
})

export const utilisationCondition = defineCondition({
  type: 'utilisation',
  description:
    'Utilisation (24 h peak or latest value ÷ breakpoint) at or above `above`: warn, critical (the metric’s own thresholds, default) or a fraction.',
  variables: [...METRIC_VARIABLES, 'measured', 'threshold', 'measure'],
  selectors: ['app', 'metric', 'kind', 'chain', 'labels'],
  defaultHysteresis: 0.05,
  chainInhibitable: true,
  defaultSummary:
    '{{ appName }} {{ metricName }}: {{ measure }} at {{ measured }} of the breakpoint ({{ limit }} {{ unit }}), threshold {{ threshold }}',
  params,
  evaluate(p, ctx, margin) {
    return eachMetric(ctx, (entry) => {
      const m = entry.metric
      const measured = p.measure === 'peak' ? m.peakUtilisation : m.utilisation
      const threshold =
        p.above === 'warn' ? m.warnAt / m.breakpoint : p.above === 'critical' ? m.criticalAt / m.breakpoint : p.above
      const vars = () => ({
        ...metricVars(entry),
        measured: formatPercent(measured),
        threshold: formatPercent(threshold),
        measure: p.measure === 'peak' ? '24 h peak' : 'latest value',
      })
      return {
        labels: metricLabels(entry),
        status: measured === null ? 'unknown' : judgeAbove(measured, threshold, margin),
        value: measured,
        vars,
      }
    })
  },
})
