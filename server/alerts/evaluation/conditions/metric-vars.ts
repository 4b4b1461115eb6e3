// What every per-metric condition shares: the metrics of the snapshot with
// their identity labels and the template values a person wants in a message
// (application and metric names, value, limit, utilisation, dates, lead time).
import type { ApplicationStatus, MetricStatus } from '../../../capacity/snapshot/types.ts'
import { formatDays, formatNumber, formatPercent, textOr } from '../format.ts'
import type { Labels } from '../types.ts'
import type { AlertContext } from './types.ts'

export const METRIC_VARIABLES = [
  'app',
  'appName',
  'metric',
  'metricName',
  'kind',
  'unit',
  'layer',
  'value',
  'peak',
  'limit',
  'limitName',
  'utilisation',
  'peakUtilisation',
  'warnAt',
  'criticalAt',
  'leadTimeDays',
  'bufferDays',
  'p50Date',
  'p90Date',
  'orderBy',
  'slackDays',
  'upgrade',
  'evidenceSource',
  'evidenceDate',
  'evidenceAgeDays',
  'reason',
] as const

export interface MetricEntry {
  app: ApplicationStatus
  metric: MetricStatus
}

/**
 * Each metric of the snapshot turned into what `f` makes of it, one at a time: at 10 000 metrics a
 * rule's whole list made in one go held the event loop 50–90 ms, and the evaluation yields between
 * candidates only if they come one by one.
 */
export function* eachMetric<T>(ctx: AlertContext, f: (entry: MetricEntry) => T): Generator<T, void> {
  for (const app of ctx.snapshot.applications) for (const metric of app.metrics) yield f({ app, metric })
}

export function metricLabels({ app, metric }: MetricEntry): Labels {
  const labels: Labels = { app: app.id, metric: metric.metric, kind: metric.kind }
  if (app.layer) labels.layer = app.layer
  return labels
}

export function metricVars({ app, metric: m }: MetricEntry): Record<string, string> {
  const e = m.engine
  return {
    app: app.id,
    appName: app.name,
    metric: m.metric,
    metricName: m.name,
    kind: m.kind,
    unit: m.unit,
    layer: textOr(app.layer),
    value: formatNumber(m.value),
    peak: formatNumber(m.peak24h),
    limit: formatNumber(m.breakpoint),
    limitName: m.limitName,
    utilisation: formatPercent(m.utilisation),
    peakUtilisation: formatPercent(m.peakUtilisation),
    warnAt: formatNumber(m.warnAt),
    criticalAt: formatNumber(m.criticalAt),
    leadTimeDays: formatDays(e?.leadTimeDays ?? m.leadTimeDays),
    bufferDays: formatDays(e?.safetyBufferDays),
    p50Date: textOr(e?.p50Breach?.date, 'none within the horizon'),
    p90Date: textOr(e?.p90Breach?.date, 'none within the horizon'),
    orderBy: textOr(e?.orderBy, 'none'),
    slackDays: formatDays(e?.slackDays),
    upgrade: textOr(e?.upgrade?.name, 'more capacity'),
    evidenceSource: textOr(e?.evidence.source),
    evidenceDate: textOr(e?.evidence.date),
    evidenceAgeDays: formatDays(e?.evidence.ageDays),
    reason: m.reason,
  }
}
