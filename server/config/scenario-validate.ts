// A scenario that arrives in a request (the what-if editor) is checked with
// the same schema and the same estate checks as config/scenarios.yaml, and
// every problem is worded the same way; only the "file:line" becomes the
// field path inside the scenario.
import { scenarioSchema, type Scenario } from './engine-schema.ts'
import { formatPath } from './problems.ts'
import { checkScenario } from './scenario-checks.ts'
import type { Estate } from './schema.ts'
import { zodFindings } from './zod-findings.ts'

export interface ScenarioProblem {
  /** Field path inside the scenario, e.g. `spike.factor`; '' for the whole scenario. */
  path: string
  message: string
}

export type ScenarioValidation = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] }

export function validateScenario(raw: unknown, estate: Estate): ScenarioValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ path: '', message: 'expected a scenario object (id, name, multipliers, spike, ...)' }] }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true })
  if (!parsed.success)
    return { ok: false, problems: zodFindings(parsed.error).map((f) => ({ path: formatPath(f.path), message: f.message })) }
  const findings = checkScenario(estate, parsed.data, [])
  if (findings.length > 0) return { ok: false, problems: findings.map((f) => ({ path: formatPath(f.path), message: f.message })) }
  return { ok: true, scenario: parsed.data }
}

/** "scenario.spike.factor: expected …; scenario.multipliers.foo: unknown driver …" */
export function problemsSentence(problems: readonly ScenarioProblem[], prefix = 'scenario'): string {
  return problems.map((p) => `${p.path ? `${prefix}.${p.path}` : prefix}: ${p.message}`).join('; ')
}
