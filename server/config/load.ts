// Loads config/ (estate.yaml, collectors.yaml, optional server.yaml,
// engine.yaml, scenarios.yaml and alerts.yaml) and
// either returns it whole or throws a ConfigError listing every problem in
// every file with its line and path. Nothing half-loaded escapes.
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import type { z } from 'zod'
import { validateCollectorEntries } from '../../collectors/validate-entries.ts'
import { loadAlertsConfig } from './alerts-file.ts'
import type { AlertsConfig } from './alerts-schema.ts'
import { engineFileSchema, toEngineFile, type EngineFile } from './engine-file.ts'
import { scenariosFileSchema, type Scenario } from './engine-schema.ts'
import { checkEstateReferences } from './estate-checks.ts'
import { checkScenarios } from './scenario-checks.ts'
import { ConfigError, type ConfigProblem } from './problems.ts'
import { collectorsFileSchema, estateSchema, type CollectorsFile, type Estate } from './schema.ts'
import { serverFileSchema, type ServerFile } from './server-schema.ts'
import { problemAt, readYamlFile, type YamlFile } from './yaml-file.ts'
import { zodFindings } from './zod-findings.ts'
import { checkCollectorReferences } from '../../collectors/validate-refs.ts'
import { registerConfigSecrets } from '../security/config-secrets.ts'

export interface LoadedConfig {
  dir: string
  estate: Estate
  collectors: CollectorsFile
  server: ServerFile
  /** config/engine.yaml (optional): engine settings and legend names. */
  engine: EngineFile
  /** config/scenarios.yaml (optional): saved what-if scenarios. */
  scenarios: Scenario[]
  /** config/alerts.yaml (optional): alert rules and notifiers; built-in default rules without it. */
  alerts: AlertsConfig
}

export async function loadConfig(dir: string): Promise<LoadedConfig> {
  const problems: ConfigProblem[] = []
  const estate = await loadFile(join(dir, 'estate.yaml'), estateSchema, problems)
  const collectors = await loadFile(join(dir, 'collectors.yaml'), collectorsFileSchema, problems)
  const serverPath = join(dir, 'server.yaml')
  const server = existsSync(serverPath)
    ? await loadFile(serverPath, serverFileSchema, problems)
    : { file: null, value: serverFileSchema.parse({}) }
  const enginePath = join(dir, 'engine.yaml')
  const engine = existsSync(enginePath)
    ? await loadFile(enginePath, engineFileSchema, problems)
    : { file: null, value: engineFileSchema.parse({}) }
  const scenariosPath = join(dir, 'scenarios.yaml')
  const scenarios = existsSync(scenariosPath)
    ? await loadFile(scenariosPath, scenariosFileSchema, problems)
    : { file: null, value: { scenarios: [] } }

  if (estate.value && estate.file) {
    for (const f of checkEstateReferences(estate.value)) problems.push(problemAt(estate.file, f.path, f.message))
  }
  if (collectors.value && collectors.file) {
    // Each collector's `config:` block is checked by its own plugin.
    for (const issue of validateCollectorEntries(collectors.value.collectors))
      problems.push(problemAt(collectors.file, issue.path, issue.message))
    // Names a collector maps to must exist, or every sample it collects is rejected at ingest.
    if (estate.value) {
      for (const issue of checkCollectorReferences(collectors.value.collectors, estate.value))
        problems.push(problemAt(collectors.file, issue.path, issue.message))
    }
  }
  if (estate.value && scenarios.value && scenarios.file) {
    for (const f of checkScenarios(estate.value, scenarios.value.scenarios))
      problems.push(problemAt(scenarios.file, f.path, f.message))
  }

  const alerts = await loadAlertsConfig(
    join(dir, 'alerts.yaml'),
    { estate: estate.value, collectorIds: collectors.value?.collectors.map((c) => c.id) ?? null },
    problems,
  )

  if (problems.length > 0 || !estate.value || !collectors.value || !server.value || !engine.value || !scenarios.value || !alerts)
    throw new ConfigError(inFileOrder(problems))
  const loaded: LoadedConfig = {
    dir,
    estate: estate.value,
    collectors: collectors.value,
    server: server.value,
    engine: toEngineFile(engine.value),
    scenarios: scenarios.value.scenarios,
    alerts,
  }
  registerConfigSecrets(loaded.collectors.collectors, loaded.server.influxUrl)
  return loaded
}

/**
 * server.yaml alone (tokens), for the hot-reload fast path: a removed token
 * must stop working within a second, without waiting for the whole directory
 * to parse, and even while another file has an error. Null when it is absent
 * or has problems (the full reload reports those).
 */
export async function loadServerFile(dir: string): Promise<ServerFile | null> {
  const path = join(dir, 'server.yaml')
  if (!existsSync(path)) return serverFileSchema.parse({})
  const problems: ConfigProblem[] = []
  const { value } = await loadFile(path, serverFileSchema, problems)
  return problems.length === 0 ? value : null
}

/** Problems in the order a person fixes them: file by file, top to bottom. */
function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const files = [...new Set(problems.map((p) => p.file))]
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        files.indexOf(a.p.file) - files.indexOf(b.p.file) ||
        (a.p.line ?? 0) - (b.p.line ?? 0) ||
        (a.p.column ?? 0) - (b.p.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p)
}

async function loadFile<S extends z.ZodType>(
  path: string,
  schema: S,
  problems: ConfigProblem[],
): Promise<{ file: YamlFile | null; value: z.infer<S> | null }> {
  const file = await readYamlFile(path)
  if (Array.isArray(file)) {
    problems.push(...file)
    return { file: null, value: null }
  }
  // reportInput: zod 4 leaves the offending value out by default, and "what was found" is half the message.
  const parsed = schema.safeParse(file.value ?? {}, { reportInput: true })
  if (parsed.success) return { file, value: parsed.data }
  for (const f of zodFindings(parsed.error)) problems.push(problemAt(file, f.path, f.message))
  return { file, value: null }
}
