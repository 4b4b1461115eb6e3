// A rule as the engine runs it: parsed from alerts.yaml (or the built-in
// defaults), its condition bound to checked parameters, durations in ms.
import type { BoundEvaluate, Selector } from './conditions/types.ts'
import type { Labels } from './types.ts'

export interface AlertRule {
  /** The alert name (Prometheus `alert:`), unique in the file. */
  alert: string
  group: string
  /** The condition as written (type and checked parameters), for the rules API. */
  condition: { type: string; params: unknown }
  select: Selector
  /** `for` as written ("5m") and in ms. */
  for: string
  forMs: number
  /** Hysteresis margin in the condition's unit (the rule's, else the condition type's default). */
  hysteresis: number
  /** Rule labels; always has a severity. */
  labels: Labels
  /** Annotation templates; always has a summary. */
  annotations: Record<string, string>
  chainInhibitable: boolean
  evaluate: BoundEvaluate
}
