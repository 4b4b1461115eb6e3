// What an upgrade does to a metric's breakpoint, and the breakpoint as a step
// function of time once ordered upgrades land on their delivery dates.
//
// An upgrade raises the limit that binds (the tightest, after environment
// scaling) by what it adds. With several limits another one may bind after
// it, so the breakpoint gains less than `adds`: a PDP licence +1M on a node
// whose memory ceiling is 0.7M above the licence buys 0.7M, not 1M.
import type { LimitConfig, MetricConfig } from '../../config/schema.ts'
import { effectiveLimit, liveLimitValue } from '../limits/limits.ts'

export interface PlannedStep {
  id: string
  name: string
  adds: number
  /** YYYY-MM-DD from which the capacity counts. */
  from: string
}

export interface StepPoint extends PlannedStep {
  /** The breakpoint from `from` on, with this and every earlier step. */
  breakpoint: number
}

export interface BreakpointSchedule {
  /** Today's breakpoint, before any planned step. */
  base: number
  /** In date order. */
  steps: StepPoint[]
}

/**
 * The metric with its binding limit raised by `adds` (live units). Without
 * `evidence` the limit keeps its evidence and scale (a planned step); with
 * it, the raised limit is a live figure with that evidence (a delivery).
 */
export function raiseBindingLimit(
  metric: MetricConfig,
  adds: number,
  evidence?: { limitName: string; evidence: LimitConfig['evidence'] },
): MetricConfig {
  const binding = effectiveLimit(metric)
  const live = liveLimitValue(binding.limit) + adds
  const raised: LimitConfig = evidence
    ? { name: evidence.limitName, value: live, evidence: evidence.evidence }
    : { ...binding.limit, value: live * (binding.limit.evidence.environmentScale ?? 1) }
  const index = metric.limits.indexOf(binding.limit)
  return { ...metric, limits: metric.limits.map((l, i) => (i === index ? raised : l)) }
}

/** The breakpoint over time with `steps` landing on their dates (same-day steps in the order given). */
export function breakpointSchedule(metric: MetricConfig, steps: readonly PlannedStep[]): BreakpointSchedule {
  const base = effectiveLimit(metric).value
  const ordered = [...steps].sort((a, b) => a.from.localeCompare(b.from))
  let current = metric
  const points = ordered.map((s) => {
    current = raiseBindingLimit(current, s.adds)
    return { ...s, breakpoint: effectiveLimit(current).value }
  })
  return { base, steps: points }
}

/** The breakpoint in force on `date` (YYYY-MM-DD). */
export function breakpointOn(schedule: BreakpointSchedule, date: string): number {
  let value = schedule.base
  for (const s of schedule.steps) {
    if (s.from > date) break
    value = s.breakpoint
  }
  return value
}
