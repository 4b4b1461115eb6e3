// Turns the parsed `groups:` of alerts.yaml (or the built-in defaults) into
// rules the engine runs: each condition checked by its type in the registry
// and bound, selectors checked against the estate and collectors, templates
// checked against the values the condition provides. Problems go to `report`
// with their path; nothing half-compiled is returned.
import { conditionType, conditionTypes } from '../alerts/evaluation/conditions/registry.ts'
import { SELECTOR_KEYS, type Selector } from '../alerts/evaluation/conditions/types.ts'
import { parseDuration } from '../alerts/evaluation/duration.ts'
import type { AlertRule } from '../alerts/evaluation/rule.ts'
import { checkTemplate } from '../alerts/evaluation/template.ts'
import type { z } from 'zod'
import type { alertGroupSchema } from './alerts-schema.ts'
import { metricKinds, type Estate } from './schema.ts'

export type Report = (path: PropertyKey[], message: string) => void

/** What selectors may name; null when that file did not load (its own problems are reported there). */
export interface AlertRefs {
  estate: Estate | null
  collectorIds: readonly string[] | null
}

type Group = z.infer<typeof alertGroupSchema>
/** A rule that failed its own schema is null: its problems are reported, the others are still checked. */
export type PartialGroup = { name: string | null; rules: ReadonlyArray<Group['rules'][number] | null> }

export function compileGroups(groups: readonly PartialGroup[], refs: AlertRefs, report: Report): AlertRule[] {
  const rules: AlertRule[] = []
  const names = new Map<string, string>()
  const groupNames = new Set<string>()
  groups.forEach((group, g) => {
    if (group.name !== null && groupNames.has(group.name))
      report(['groups', g, 'name'], `group name "${group.name}" is used twice`)
    if (group.name !== null) groupNames.add(group.name)
    group.rules.forEach((raw, r) => {
      if (raw === null) return
      const at = (...rest: PropertyKey[]) => ['groups', g, 'rules', r, ...rest]
      const where = `groups[${g}].rules[${r}]`
      const earlier = names.get(raw.alert)
      if (earlier) report(at('alert'), `alert name "${raw.alert}" is already used by ${earlier}; alert names must be unique`)
      else names.set(raw.alert, where)
      const rule = compileRule(group.name ?? '', raw, refs, (path, message) => report(at(...path), message))
      if (rule) rules.push(rule)
    })
  })
  return rules
}

function compileRule(group: string, raw: Group['rules'][number], refs: AlertRefs, report: Report): AlertRule | null {
  const { type, ...params } = raw.condition
  const condition = conditionType(type)
  if (!condition) {
    report(
      ['condition', 'type'],
      `unknown condition type "${type}"; known: ${conditionTypes()
        .map((c) => c.type)
        .join(', ')}`,
    )
    return null
  }
  const bound = condition.bind(params)
  if (!bound.ok) for (const issue of bound.issues) report(['condition', ...issue.path], issue.message)
  let fine = bound.ok
  for (const key of SELECTOR_KEYS) {
    if (raw.select[key] === undefined) continue
    if (!condition.selectors.includes(key)) {
      report(['select', key], `a ${type} condition cannot be selected by ${key}; it takes ${condition.selectors.join(', ')}`)
      fine = false
    }
  }
  if (!checkSelectorRefs(raw.select, refs, report)) fine = false
  const annotations = { summary: condition.defaultSummary, ...raw.annotations }
  const known = [...condition.variables, 'alertname', 'severity']
  for (const [key, text] of Object.entries(raw.annotations)) {
    const problem = checkTemplate(text, known)
    if (problem) {
      report(['annotations', key], problem)
      fine = false
    }
  }
  if (!fine || !bound.ok) return null
  return {
    alert: raw.alert,
    group,
    condition: { type, params: bound.params },
    select: raw.select,
    for: raw.for,
    forMs: parseDuration(raw.for),
    hysteresis: raw.hysteresis ?? condition.defaultHysteresis,
    labels: { severity: 'warning', ...raw.labels },
    annotations,
    chainInhibitable: condition.chainInhibitable,
    evaluate: bound.evaluate,
  }
}

/** Every application, metric, kind, chain and collector a selector names must exist. */
function checkSelectorRefs(select: Selector, refs: AlertRefs, report: Report): boolean {
  let fine = true
  const check = (key: keyof Selector, known: readonly string[] | null, what: string) => {
    const list = select[key]
    if (!Array.isArray(list) || known === null) return
    list.forEach((value, i) => {
      if (known.includes(value)) return
      report(
        ['select', key, ...(list.length > 1 ? [i] : [])],
        `unknown ${what} "${value}"; known: ${known.join(', ') || '(none)'}`,
      )
      fine = false
    })
  }
  const estate = refs.estate
  const apps = estate ? estate.applications.filter((a) => !select.app || select.app.includes(a.id)) : null
  check('app', estate ? estate.applications.map((a) => a.id) : null, 'application')
  check('metric', apps ? [...new Set(apps.flatMap((a) => a.metrics.map((m) => m.id)))] : null, 'metric')
  check('kind', metricKinds, 'metric kind')
  check('chain', estate ? estate.chains.map((c) => c.id) : null, 'chain')
  check('collector', refs.collectorIds, 'collector')
  return fine
}
