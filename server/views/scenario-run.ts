// Runs a saved scenario, with optional ad-hoc overrides, against the engine's
// latest result: today's peaks and breakpoints, the baseline forecasts, the
// drivers' 24 h peaks. Shared by POST /api/scenarios/:id/run and the
// `runScenario` socket command, so both give the same answer and errors.
// A run changes nothing: nothing is stored, the saved scenario stays as is.
import { engineForecast } from '../capacity/engine.ts'
import { runScenario } from '../capacity/demand/scenarios.ts'
import { scenarioSchema, type Scenario } from '../config/engine-schema.ts'
import { formatPath } from '../config/problems.ts'
import { checkScenario } from '../config/scenario-checks.ts'
import type { ScenarioRunResponse } from './responses.ts'
import type { EngineApiDeps } from './view-deps.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'

export type ScenarioOutcome = { ok: true; data: ScenarioRunResponse } | { ok: false; status: 400 | 404 | 503; error: string }

const OVERRIDABLE = ['multipliers', 'growthPerMonth', 'spike', 'capacityLoss', 'upgrades'] as const

/** Saved scenario + overrides, validated like scenarios.yaml; errors name the body field. */
function applyOverrides(
  deps: EngineApiDeps,
  saved: Scenario,
  body: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if (body === undefined || body === null) return { ok: true, scenario: saved }
  if (typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: `body: expected a JSON object of overrides (${OVERRIDABLE.join(', ')})` }
  const raw: Record<string, unknown> = { ...saved }
  for (const [key, value] of Object.entries(body)) {
    if (!(OVERRIDABLE as readonly string[]).includes(key)) {
      return { ok: false, error: `body.${key}: unknown override; allowed: ${OVERRIDABLE.join(', ')}` }
    }
    if (value === null) delete raw[key]
    else raw[key] = value
  }
  const parsed = scenarioSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue ? formatPath(issue.path) : ''
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : (issue?.message ?? 'invalid')
    return { ok: false, error: `body${path ? `.${path}` : ''}: ${message}` }
  }
  const finding = checkScenario(deps.estate(), parsed.data, [])[0]
  if (finding) return { ok: false, error: `body.${formatPath(finding.path)}: ${finding.message}` }
  return { ok: true, scenario: parsed.data }
}

export function runSavedScenario(deps: EngineApiDeps, id: string, overrides: unknown): ScenarioOutcome {
  const saved = deps.scenarios().find((s) => s.id === id)
  if (!saved) {
    const known = deps.scenarios().map((s) => s.id)
    return {
      ok: false,
      status: 404,
      error: `id: no saved scenario "${id}"; known: ${known.join(', ') || 'none (add config/scenarios.yaml)'}`,
    }
  }
  const applied = applyOverrides(deps, saved, overrides)
  if (!applied.ok) return { ok: false, status: 400, error: applied.error }
  return runScenarioNow(deps, applied.scenario)
}

/** Runs a validated scenario against the engine's latest result; shared by saved runs and the what-if editor. */
export function runScenarioNow(deps: EngineApiDeps, scenario: Scenario): ScenarioOutcome {
  const result = deps.engine.current()
  const base = deps.engine.baseSnapshot()
  if (!result || !base)
    return {
      ok: false,
      status: 503,
      error: 'The capacity engine has not finished its first run yet; try again in a few seconds.',
    }
  const statuses = new Map(base.applications.flatMap((a) => a.metrics.map((m) => [seriesKey(m.app, m.metric), m] as const)))
  const breaches = new Map(result.metrics.map((m) => [m.key, m.p90Breach]))
  const drivers = deps.engine.driverLevels()
  const now = deps.now?.() ?? new Date()
  const out = runScenario(
    deps.estate(),
    scenario,
    (app, metric) => {
      const key = seriesKey(app, metric)
      const s = statuses.get(key)
      if (!s) return undefined
      const f = engineForecast(result.cache, key)
      const baselineBreach = breaches.get(key) ?? null
      return { breakpoint: s.breakpoint, peak: s.peak24h, baselineBreach, ...(f ? { forecast: f.band } : {}) }
    },
    drivers,
    now,
  )
  const movedChains = out.chains.filter((c) => c.moved).map((c) => c.chain)
  return {
    ok: true,
    data: {
      ...out,
      name: scenario.name,
      description: scenario.description ?? null,
      ranAt: now.toISOString(),
      applied: scenario,
      drivers,
      movedChains,
      summary: summaryOf(out, movedChains),
    },
  }
}

function summaryOf(out: ReturnType<typeof runScenario>, movedChains: string[]): string {
  const now0 = out.breaking.filter((m) => m.breaksNow)
  const first = out.breaking[0]
  return [
    now0.length
      ? `${now0.length} metric(s) break at once: ${now0.map((m) => `${m.app}/${m.metric}`).join(', ')}`
      : 'nothing breaks at once',
    first && !first.breaksNow && first.breach
      ? `first forecast breach ${first.app}/${first.metric} on ${first.breach.date}`
      : null,
    movedChains.length ? `bottleneck moves in ${movedChains.join(', ')}` : 'no chain bottleneck moves',
  ]
    .filter((x) => x !== null)
    .join('; ')
}
