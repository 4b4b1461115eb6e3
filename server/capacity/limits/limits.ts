// A metric may have several limits (licence TPS, CPU, connections...). The
// one that binds first is the breakpoint. A performance test run on a
// scaled-down environment extrapolates to live by its stated scale.
import type { LimitConfig, MetricConfig } from '../../config/schema.ts'

export interface EffectiveLimit {
  value: number
  name: string
  limit: LimitConfig
}

/** Live-equivalent value of one limit: measured value / environment scale. */
export function liveLimitValue(limit: LimitConfig): number {
  return limit.value / (limit.evidence.environmentScale ?? 1)
}

export function effectiveLimit(metric: MetricConfig): EffectiveLimit {
  let best: EffectiveLimit | null = null
  for (const limit of metric.limits) {
    const value = liveLimitValue(limit)
    if (best === null || value < best.value) best = { value, name: limit.name, limit }
  }
  if (best === null) throw new Error(`metric ${metric.id} has no limits (the schema requires one)`)
  return best
}
