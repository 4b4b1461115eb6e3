// The contract of a condition type. A condition looks at the engine's
// outputs (the capacity snapshot with its merged forecast verdicts, the
// estate, collector health) at an explicit `now` and says, per entity,
// firing / holding / clear / unknown. New kinds of alert (N-1 headroom, ...)
// are one file implementing this plus one line in registry.ts.
import type { z } from 'zod'
import type { CapacitySnapshot } from '../../../capacity/snapshot/types.ts'
import type { Estate } from '../../../config/schema.ts'
import type { Candidate } from '../types.ts'

/** What conditions know of a collector (the scheduler's CollectorHealth satisfies it). */
export interface CollectorHealthLike {
  id: string
  type: string
  state: string
  enabled: boolean
  consecutiveFailures: number
  lastSuccess: string | null
  lastError: { at: string; message: string } | null
}

/** Everything a condition may look at. Pure data: no clock, no store. */
export interface AlertContext {
  estate: Estate
  snapshot: CapacitySnapshot
  collectors: readonly CollectorHealthLike[]
  now: Date
}

/** Rule `select:` keys. Each narrows candidates by their labels (chain also by chain membership). */
export const SELECTOR_KEYS = ['app', 'metric', 'kind', 'chain', 'collector', 'labels'] as const
export type SelectorKey = (typeof SELECTOR_KEYS)[number]

export interface Selector {
  app?: string[]
  metric?: string[]
  kind?: string[]
  chain?: string[]
  collector?: string[]
  labels?: Record<string, string>
}

export interface ParamIssue {
  path: PropertyKey[]
  message: string
}

/** A condition with its parameters checked and bound. */
/** Candidates may come one at a time (a generator), so the evaluation can yield between them. */
export type BoundEvaluate = (ctx: AlertContext, margin: number) => Iterable<Candidate>

export interface ConditionType {
  /** The `type:` in a rule's condition, kebab-case. */
  type: string
  /** One sentence for the README and the rules API. */
  description: string
  /** Template values each candidate carries (for annotations). */
  variables: readonly string[]
  /** Which `select:` keys make sense for it; others are config errors. */
  selectors: readonly SelectorKey[]
  /** Hysteresis margin in the condition's own unit when a rule gives none. */
  defaultHysteresis: number
  /** Can a firing alert at a chain's bottleneck explain this alert on another step (inhibition.ts)? */
  chainInhibitable: boolean
  /** Summary annotation when a rule gives none. */
  defaultSummary: string
  /** Checks the condition's own keys (everything but `type`) and binds them. */
  bind(raw: Record<string, unknown>): { ok: true; params: unknown; evaluate: BoundEvaluate } | { ok: false; issues: ParamIssue[] }
}

/** zod issues as paths and sentences, the way the config loader words them. */
export function issuesOf(error: z.ZodError): ParamIssue[] {
  const out: ParamIssue[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...issue.path, key], message: `unknown key "${key}"` })
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push({ path: issue.path, message: `missing: expected ${issue.expected}` })
    } else {
      out.push({ path: issue.path, message: issue.message })
    }
  }
  return out
}

/** Builds a ConditionType from a params schema and an evaluate over parsed params. */
export function defineCondition<P>(
  spec: Omit<ConditionType, 'bind'> & {
    params: z.ZodType<P>
    evaluate: (params: P, ctx: AlertContext, margin: number) => Iterable<Candidate>
  },
): ConditionType {
  const { params: schema, evaluate, ...rest } = spec
  return {
    ...rest,
    bind(raw) {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) }
      const params = parsed.data
      return { ok: true, params, evaluate: (ctx, margin) => evaluate(params, ctx, margin) }
    },
  }
}

/** firing at or past the threshold, holding inside the margin, clear beyond it. */
export function judgeAbove(value: number, threshold: number, margin: number): 'firing' | 'holding' | 'clear' {
  if (value >= threshold) return 'firing'
  return value >= threshold - margin ? 'holding' : 'clear'
}

/** firing below the threshold, holding until it is `margin` above it, clear beyond. */
export function judgeBelow(value: number, threshold: number, margin: number): 'firing' | 'holding' | 'clear' {
  if (value < threshold) return 'firing'
  return value < threshold + margin ? 'holding' : 'clear'
}
