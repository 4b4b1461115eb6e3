// Metrics over their critical threshold right now (latest value, not the
// 24 h peak): what the wall treats as an exception before any rule's `for`
// has passed, and stops treating as one as soon as the value drops. Pure.
import type { CapacitySnapshot } from '../../capacity/snapshot/types.ts'

export interface OverCritical {
  app: string
  metric: string
  appName: string
  metricName: string
  unit: string
  value: number
  criticalAt: number
  breakpoint: number
  at: string | null
}

export function overCritical(snapshot: CapacitySnapshot | null): OverCritical[] {
  if (!snapshot) return []
  return snapshot.applications.flatMap((a) =>
    a.metrics
      .filter((m) => m.value !== null && !m.stale && m.value >= m.criticalAt)
      .map((m) => ({
        app: a.id,
        metric: m.metric,
        appName: a.name,
        metricName: m.name,
        unit: m.unit,
        value: m.value ?? 0,
        criticalAt: m.criticalAt,
        breakpoint: m.breakpoint,
        at: m.at,
      })),
  )
}
