// The what-if editor's server side: a scenario composed in the page is
// validated exactly as config/scenarios.yaml would validate it, then run
// against the live engine result (no saved scenario needed), turned into
// the YAML block for the file, or (admin) written into the file and the
// config reloaded.
import type { Scenario } from '../config/engine-schema.ts'
import { saveScenario } from '../config/scenario-save.ts'
import { problemsSentence, validateScenario, type ScenarioProblem } from '../config/scenario-validate.ts'
import { scenarioYamlBlock } from '../config/scenario-yaml.ts'
import type { ScenarioRunResponse, ScenarioSaveResponse, WhatIfYamlResponse } from './responses.ts'
import { runScenarioNow } from './scenario-run.ts'
import type { EngineApiDeps } from './view-deps.ts'

export interface WhatIfRefusal {
  ok: false
  status: 400 | 404 | 503
  error: string
  problems: ScenarioProblem[]
}

export type WhatIfOutcome<T> = { ok: true; data: T } | WhatIfRefusal

export interface ScenarioSaveDeps {
  configDir: string
  /** Loads config/ again and applies it; resolves with null, or why the old config stays in force. */
  reloadConfig: () => Promise<string | null>
}

function scenarioOf(deps: EngineApiDeps, body: unknown): { ok: true; scenario: Scenario } | WhatIfRefusal {
  const raw = typeof body === 'object' && body !== null && 'scenario' in body ? body.scenario : undefined
  if (raw === undefined)
    return {
      ok: false,
      status: 400,
      error: 'body: expected { "scenario": { id, name, multipliers, growthPerMonth, spike, capacityLoss, upgrades } }',
      problems: [],
    }
  const checked = validateScenario(raw, deps.estate())
  if (!checked.ok) {
    const n = checked.problems.length
    return {
      ok: false,
      status: 400,
      error: `${n} problem${n === 1 ? '' : 's'} in the scenario: ${problemsSentence(checked.problems)}`,
      problems: checked.problems,
    }
  }
  return checked
}

export function runWhatIf(deps: EngineApiDeps, body: unknown): WhatIfOutcome<ScenarioRunResponse> {
  const checked = scenarioOf(deps, body)
  if (!checked.ok) return checked
  const out = runScenarioNow(deps, checked.scenario)
  return out.ok ? out : { ...out, problems: [] }
}

export function whatIfYaml(deps: EngineApiDeps, body: unknown): WhatIfOutcome<WhatIfYamlResponse> {
  const checked = scenarioOf(deps, body)
  if (!checked.ok) return checked
  return { ok: true, data: { id: checked.scenario.id, yaml: scenarioYamlBlock(checked.scenario) } }
}

export async function saveWhatIf(
  deps: EngineApiDeps,
  save: ScenarioSaveDeps,
  id: string,
  body: unknown,
): Promise<WhatIfOutcome<ScenarioSaveResponse>> {
  const checked = scenarioOf(deps, body)
  if (!checked.ok) return checked
  if (checked.scenario.id !== id)
    return {
      ok: false,
      status: 400,
      error: `id: the address says "${id}" but the scenario's id is "${checked.scenario.id}"`,
      problems: [{ path: 'id', message: `expected "${id}" (the id in the address)` }],
    }
  const saved = await saveScenario(save.configDir, checked.scenario, deps.estate())
  if (!saved.ok)
    return {
      ok: false,
      status: 400,
      error: `not saved, scenarios.yaml would have ${saved.problems.length} problem(s): ${saved.problems.join('; ')}`,
      problems: [],
    }
  const reloadError = await save.reloadConfig()
  return { ok: true, data: { id, file: saved.file, replaced: saved.replaced, yaml: saved.yaml, reloadError } }
}
