// The capacity snapshot: every metric, application and chain with its
// headroom and RAG. Pure: config and observations in, values out.
import type { Estate } from '../../config/schema.ts'
import { computeChainStatus } from '../chains/chain-status.ts'
import { computeMetricStatus, type MetricObservation } from '../limits/metric-status.ts'
import { worstRag } from '../limits/rag.ts'
import type { ApplicationStatus, CapacitySnapshot, MetricStatus } from './types.ts'

export type { MetricObservation }

export function seriesKey(app: string, metric: string): string {
  return `${app}/${metric}`
}

export function computeSnapshot(
  estate: Estate,
  observations: ReadonlyMap<string, MetricObservation>,
  now: Date,
): CapacitySnapshot {
  const byKey = new Map<string, MetricStatus>()
  const applications: ApplicationStatus[] = estate.applications.map((app) => {
    const metrics = app.metrics.map((m) => {
      const status = computeMetricStatus(estate, app.id, m, observations.get(seriesKey(app.id, m.id)), now)
      byKey.set(seriesKey(app.id, m.id), status)
      return status
    })
    return {
      id: app.id,
      name: app.name,
      layer: app.layer ?? null,
      rag: worstRag(metrics.map((m) => m.rag)),
      tightest: tightestMetric(metrics),
      metrics,
    }
  })
  const chains = estate.chains.map((chain) =>
    computeChainStatus(estate, chain, (app, metric) => byKey.get(seriesKey(app, metric))),
  )
  return { generatedAt: now.toISOString(), applications, chains }
}

/** Least headroom fraction wins; metrics with no data only when nothing has data. */
export function tightestMetric(metrics: readonly MetricStatus[]): MetricStatus | null {
  let best: MetricStatus | null = null
  for (const m of metrics) {
    if (best === null) best = m
    else if (m.headroomFraction !== null && (best.headroomFraction === null || m.headroomFraction < best.headroomFraction))
      best = m
  }
  return best
}
