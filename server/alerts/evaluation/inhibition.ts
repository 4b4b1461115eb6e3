// Inhibition along chains. When a chain's bottleneck step has a firing
// alert, the same kind of alert on the chain's other steps is usually its
// echo: the load that saturates the bottleneck is the load the other steps
// see. Those alerts are still listed, marked inhibited, but not sent, so
// on-call gets the cause once instead of every symptom. Only condition types
// marked chainInhibitable (utilisation, breach, slack) take part, and only
// a source at least as severe as the target inhibits it. Pure.
import type { ChainStatus } from '../../capacity/snapshot/types.ts'
import { conditionType } from './conditions/registry.ts'
import { severityRank, type AlertInstance } from './types.ts'
import { runSteps } from '../../capacity/steps.ts'

/**
 * Target alert id → id of the firing bottleneck alert that explains it.
 * The chain-inhibitable alerts are indexed by step once, so the cost grows
 * with alerts + chain steps, not their product (10 000 metrics: thousands
 * of alerts × hundreds of chains held the event loop for seconds).
 */
export function inhibitions(instances: Iterable<AlertInstance>, chains: readonly ChainStatus[]): Map<string, string> {
  return runSteps(inhibitionsSteps(instances, chains))
}

/** inhibitions(), yielding after each alert indexed and each chain (thousands of each at 10 000 metrics). */
export function* inhibitionsSteps(
  instances: Iterable<AlertInstance>,
  chains: readonly ChainStatus[],
): Generator<void, Map<string, string>> {
  const byStep = new Map<string, AlertInstance[]>()
  for (const a of instances) {
    yield
    if (!chainInhibitable(a)) continue
    const key = stepKey(a.labels.app, a.labels.metric)
    const list = byStep.get(key)
    if (list) list.push(a)
    else byStep.set(key, [a])
  }
  const out = new Map<string, string>()
  for (const chain of chains) {
    yield
    const bottleneck = chain.bottleneck === null ? undefined : chain.steps[chain.bottleneck]
    if (!bottleneck) continue
    let source: AlertInstance | undefined
    // The most severe firing alert on the bottleneck; the first of equals, as listed.
    for (const a of byStep.get(stepKey(bottleneck.app, bottleneck.metric)) ?? []) {
      if (a.state !== 'firing') continue
      if (!source || severityRank(a.labels.severity) > severityRank(source.labels.severity)) source = a
    }
    if (!source) continue
    const sourceRank = severityRank(source.labels.severity)
    for (const step of chain.steps) {
      if (step === bottleneck) continue
      for (const target of byStep.get(stepKey(step.app, step.metric)) ?? []) {
        if (target.id === source.id || out.has(target.id)) continue
        if (severityRank(target.labels.severity) > sourceRank) continue
        out.set(target.id, source.id)
      }
    }
  }
  return out
}

const stepKey = (app: string | undefined, metric: string | undefined): string => `${app ?? ''}\u0000${metric ?? ''}`

/** Asks the condition type, so a new type joins by setting chainInhibitable. */
export function chainInhibitable(a: AlertInstance): boolean {
  return conditionType(a.condition)?.chainInhibitable ?? false
}
