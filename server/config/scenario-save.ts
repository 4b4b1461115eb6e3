// Writes one scenario into config/scenarios.yaml (admin only, from the
// what-if editor). The new file is checked whole, as a reload would check
// it, before anything is written: a save that would leave the config
// invalid is refused with the loader's own "file:line path: message" lines,
// and the file on disk stays as it was. The write is atomic (temp + rename),
// so the config watcher never reads half a file.
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { scenariosFileSchema, type Scenario } from './engine-schema.ts'
import { formatProblem, type ConfigProblem } from './problems.ts'
import { checkScenarios } from './scenario-checks.ts'
import { putScenario, scenarioYamlBlock } from './scenario-yaml.ts'
import type { Estate } from './schema.ts'
import { parseYamlText, problemAt } from './yaml-file.ts'
import { zodFindings } from './zod-findings.ts'

export const SCENARIOS_FILE = 'scenarios.yaml'

export type SaveOutcome = { ok: true; file: string; replaced: boolean; yaml: string } | { ok: false; problems: string[] }

/** Every problem scenarios.yaml would have with this text, as the loader words them. */
export function scenariosFileProblems(text: string, estate: Estate): ConfigProblem[] {
  const file = parseYamlText(text, SCENARIOS_FILE)
  if (Array.isArray(file)) return file
  const parsed = scenariosFileSchema.safeParse(file.value ?? {}, { reportInput: true })
  if (!parsed.success) return zodFindings(parsed.error).map((f) => problemAt(file, f.path, f.message))
  return checkScenarios(estate, parsed.data.scenarios).map((f) => problemAt(file, f.path, f.message))
}

async function readIfThere(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

export async function saveScenario(configDir: string, scenario: Scenario, estate: Estate): Promise<SaveOutcome> {
  const path = join(configDir, SCENARIOS_FILE)
  const before = await readIfThere(path)
  let next: { text: string; replaced: boolean }
  try {
    next = putScenario(before, scenario)
  } catch (err) {
    return { ok: false, problems: [`${SCENARIOS_FILE}: ${err instanceof Error ? err.message : String(err)}`] }
  }
  const problems = scenariosFileProblems(next.text, estate)
  if (problems.length > 0) return { ok: false, problems: problems.map(formatProblem) }
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, next.text, 'utf8')
  await rename(temp, path)
  return { ok: true, file: path, replaced: next.replaced, yaml: scenarioYamlBlock(scenario) }
}
