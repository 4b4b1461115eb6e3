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

/** Target alert id → id of the firing bottleneck alert that explains it. */
export function inhibitions(instances: Iterable<AlertInstance>, chains: readonly ChainStatus[]): Map<string, string> {
  const all = [...instances]
  const out = new Map<string, string>()
  const isStep = (a: AlertInstance, app: string, metric: string) => a.labels.app === app && a.labels.metric === metric
  for (const chain of chains) {
    const bottleneck = chain.bottleneck === null ? undefined : chain.steps[chain.bottleneck]
    if (!bottleneck) continue
    const sources = all
      .filter((a) => a.state === 'firing' && chainInhibitable(a) && isStep(a, bottleneck.app, bottleneck.metric))
      .sort((a, b) => severityRank(b.labels.severity) - severityRank(a.labels.severity))
    const source = sources[0]
    if (!source) continue
    for (const step of chain.steps) {
      if (step === bottleneck) continue
      for (const target of all) {
        if (target.id === source.id || out.has(target.id) || !chainInhibitable(target)) continue
        if (!isStep(target, step.app, step.metric)) continue
        if (severityRank(target.labels.severity) > severityRank(source.labels.severity)) continue
        out.set(target.id, source.id)
      }
    }
  }
  return out
}

/** Asks the condition type, so a new type joins by setting chainInhibitable. */
export function chainInhibitable(a: AlertInstance): boolean {
  return conditionType(a.condition)?.chainInhibitable ?? false
}
