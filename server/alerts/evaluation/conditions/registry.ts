// Condition types by name. Adding one: a file beside these implementing
// ConditionType (see types.ts, usually through defineCondition) and one line here.
import { breachInsideLeadTimeCondition } from './breach-inside-lead-time.ts'
import { chainHeadroomCondition } from './chain-headroom.ts'
import { collectorDownCondition } from './collector-down.ts'
import { evidenceAgeCondition } from './evidence-age.ts'
import { n1HeadroomCondition } from './n1-headroom.ts'
import { seriesStaleCondition } from './series-stale.ts'
import { slackBelowCondition } from './slack-below.ts'
import type { ConditionType } from './types.ts'
import { utilisationCondition } from './utilisation.ts'

const registry = new Map<string, ConditionType>()

export function registerCondition(condition: ConditionType): void {
  if (registry.has(condition.type)) throw new Error(`condition type "${condition.type}" is registered twice`)
  registry.set(condition.type, condition)
}

export function conditionType(type: string): ConditionType | undefined {
  return registry.get(type)
}

export function conditionTypes(): ConditionType[] {
  return [...registry.values()]
}

registerCondition(utilisationCondition)
registerCondition(breachInsideLeadTimeCondition)
registerCondition(slackBelowCondition)
registerCondition(chainHeadroomCondition)
registerCondition(collectorDownCondition)
registerCondition(seriesStaleCondition)
registerCondition(evidenceAgeCondition)
registerCondition(n1HeadroomCondition)
