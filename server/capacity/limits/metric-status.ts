// Headroom and RAG of one metric from its latest value and 24 h peak.
import type { Estate, MetricConfig } from '../../config/schema.ts'
import { effectiveLimit } from './limits.ts'
import { ragFromUtilisation } from './rag.ts'
import { assessStaleness, DEFAULT_STALE_INTERVALS, staleReason } from './staleness.ts'
import type { MetricStatus } from '../snapshot/types.ts'

/** What the engine knows of one metric's recent values. */
export interface MetricObservation {
  latest: { value: number; at: Date } | null
  /** Highest value in the 24 h before `now`, or null when there is none. */
  peak24h: number | null
  /** The series' usual gap between samples (median of recent gaps), or null when not yet known. */
  intervalMs?: number | null
}

export function computeMetricStatus(
  estate: Estate,
  appId: string,
  metric: MetricConfig,
  observation: MetricObservation | undefined,
  /** Snapshot time, for staleness; without it nothing is called stale. */
  now?: Date,
): MetricStatus {
  const limit = effectiveLimit(metric)
  const breakpoint = limit.value
  const thresholds = {
    warn: metric.warn ?? estate.defaults.warn,
    critical: metric.critical ?? estate.defaults.critical,
  }
  const latest = observation?.latest ?? null
  // Fall back to the latest value when no peak is known, so a brand-new
  // series still gets a RAG from what has been seen.
  const peak = observation?.peak24h ?? latest?.value ?? null
  const peakUtilisation = peak === null ? null : peak / breakpoint
  const { rag, reason: ragReason } = ragFromUtilisation(peakUtilisation, thresholds)
  const staleIntervals = estate.defaults.staleIntervals ?? DEFAULT_STALE_INTERVALS
  const freshness = now
    ? assessStaleness(latest?.at ?? null, observation?.intervalMs, staleIntervals, now)
    : { stale: false, lastSampleAgeSeconds: null }
  const interval = observation?.intervalMs ?? null
  // The RAG colour still reflects the last 24 h; the reason warns that it may be out of date.
  const reason =
    freshness.stale && freshness.lastSampleAgeSeconds !== null && interval !== null
      ? `${staleReason(freshness.lastSampleAgeSeconds, interval)}; ${ragReason}`
      : ragReason
  return {
    app: appId,
    metric: metric.id,
    name: metric.name,
    kind: metric.kind,
    unit: metric.unit,
    value: latest?.value ?? null,
    at: latest ? latest.at.toISOString() : null,
    peak24h: peak,
    breakpoint,
    limitName: limit.name,
    warnAt: breakpoint * thresholds.warn,
    criticalAt: breakpoint * thresholds.critical,
    utilisation: latest ? latest.value / breakpoint : null,
    peakUtilisation,
    headroom: peak === null ? null : breakpoint - peak,
    headroomFraction: peakUtilisation === null ? null : 1 - peakUtilisation,
    rag,
    reason,
    leadTimeDays: metric.leadTimeDays,
    stale: freshness.stale,
    lastSampleAgeSeconds: freshness.lastSampleAgeSeconds,
    staleAfterSeconds: interval === null ? null : (staleIntervals * interval) / 1000,
  }
}
