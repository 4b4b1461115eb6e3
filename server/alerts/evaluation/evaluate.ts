// Applies every rule to the context: the condition's candidates, narrowed by
// the rule's selector, labelled and with annotations rendered. Pure.
import type { ChainStatus } from '../../capacity/snapshot/types.ts'
import type { AlertContext, Selector } from './conditions/types.ts'
import { fingerprint } from './fingerprint.ts'
import { formatNumber } from './format.ts'
import type { AlertRule } from './rule.ts'
import { renderTemplate } from './template.ts'
import type { Candidate, ConditionStatus, Labels } from './types.ts'

export interface Observation {
  id: string
  rule: AlertRule
  /** alertname, the rule's labels, then the candidate's (which win: they are its identity). */
  labels: Labels
  annotations: Record<string, string>
  status: ConditionStatus
  value: number | null
}

export function observe(rules: readonly AlertRule[], ctx: AlertContext): Observation[] {
  return [...observeEach(rules, ctx)]
}

/** observe(), an observation at a time: a caller with thousands of entities can yield between them. */
export function* observeEach(rules: readonly AlertRule[], ctx: AlertContext): Generator<Observation, void> {
  for (const rule of rules) {
    for (const candidate of rule.evaluate(ctx, rule.hysteresis)) {
      if (!isSelected(candidate, rule.select, ctx.snapshot.chains)) continue
      const labels: Labels = { ...rule.labels, ...candidate.labels, alertname: rule.alert }
      let rendered: Record<string, string> | null = null
      const render = (): Record<string, string> => {
        const vars = { ...candidate.vars(), alertname: rule.alert, severity: labels.severity ?? 'warning' }
        const value = formatNumber(candidate.value)
        const out: Record<string, string> = {}
        for (const [key, text] of Object.entries(rule.annotations)) out[key] = renderTemplate(text, vars, labels, value)
        return out
      }
      yield {
        id: fingerprint(rule.alert, labels),
        rule,
        labels,
        // Rendered on first use: most entities are clear and never become an alert.
        get annotations() {
          return (rendered ??= render())
        },
        status: candidate.status,
        value: candidate.value,
      }
    }
  }
}

/** Every selector key given must match; `chain` also takes a metric that is a step of the chain. */
export function isSelected(candidate: Candidate, select: Selector, chains: readonly ChainStatus[]): boolean {
  const l = candidate.labels
  const inList = (list: string[] | undefined, v: string | undefined) =>
    list === undefined || (v !== undefined && list.includes(v))
  if (!inList(select.app, l.app) || !inList(select.metric, l.metric) || !inList(select.kind, l.kind)) return false
  if (!inList(select.collector, l.collector)) return false
  if (select.chain) {
    const inChain = select.chain.some(
      (id) => l.chain === id || chains.some((c) => c.id === id && c.steps.some((s) => s.app === l.app && s.metric === l.metric)),
    )
    if (!inChain) return false
  }
  for (const [k, v] of Object.entries(select.labels ?? {})) if (l[k] !== v) return false
  return true
}
