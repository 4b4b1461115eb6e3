// Metrics over their critical threshold right now (latest value, not the
// 24 h peak): what the wall treats as an exception before any rule's `for`
// has passed, and stops treating as one as soon as the value drops. Pure.
import type { CapacitySnapshot } from '../../capacity/snapshot/types.ts'
import { runSteps } from '../../capacity/steps.ts'

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
  return runSteps(overCriticalSteps(snapshot))
}

/** overCritical(), yielding after each application. */
export function* overCriticalSteps(snapshot: CapacitySnapshot | null): Generator<void, OverCritical[]> {
  const out: OverCritical[] = []
  for (const a of snapshot?.applications ?? []) {
    for (const m of a.metrics) {
      if (m.value === null || m.stale || m.value < m.criticalAt) continue
      out.push({
        app: a.id,
        metric: m.metric,
        appName: a.name,
        metricName: m.name,
        unit: m.unit,
        value: m.value,
        criticalAt: m.criticalAt,
        breakpoint: m.breakpoint,
        at: m.at,
      })
    }
    yield
  }
  return out
}
