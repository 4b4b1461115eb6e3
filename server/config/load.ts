// Loads config/ (estate.yaml, collectors.yaml, optional server.yaml) and
// either returns it whole or throws a ConfigError listing every problem in
// every file with its line and path. Nothing half-loaded escapes.
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import type { z } from 'zod'
import { validate as isValidCron } from 'node-cron'
import { findPlugin } from '../../collectors/registry.ts'
import { checkEstateReferences } from './estate-checks.ts'
import { ConfigError, type ConfigProblem } from './problems.ts'
import { collectorsFileSchema, estateSchema, type CollectorsFile, type Estate } from './schema.ts'
import { serverFileSchema, type ServerFile } from './server-schema.ts'
import { problemAt, readYamlFile, type YamlFile } from './yaml-file.ts'

export interface LoadedConfig {
  dir: string
  estate: Estate
  collectors: CollectorsFile
  server: ServerFile
}

export async function loadConfig(dir: string): Promise<LoadedConfig> {
  const problems: ConfigProblem[] = []
  const estate = await loadFile(join(dir, 'estate.yaml'), estateSchema, problems)
  const collectors = await loadFile(join(dir, 'collectors.yaml'), collectorsFileSchema, problems)
  const serverPath = join(dir, 'server.yaml')
  const server = existsSync(serverPath)
    ? await loadFile(serverPath, serverFileSchema, problems)
    : { file: null, value: serverFileSchema.parse({}) }

  if (estate.value && estate.file) {
    for (const f of checkEstateReferences(estate.value)) problems.push(problemAt(estate.file, f.path, f.message))
  }
  if (collectors.value && collectors.file) problems.push(...checkCollectorEntries(collectors.value, collectors.file))

  if (problems.length > 0 || !estate.value || !collectors.value || !server.value) throw new ConfigError(inFileOrder(problems))
  return { dir, estate: estate.value, collectors: collectors.value, server: server.value }
}

/** Problems in the order a person fixes them: file by file, top to bottom. */
function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const files = [...new Set(problems.map((p) => p.file))]
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => files.indexOf(a.p.file) - files.indexOf(b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
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
  const parsed = schema.safeParse(file.value ?? {})
  if (parsed.success) return { file, value: parsed.data }
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(problemAt(file, [...issue.path, key], `unknown key "${key}"`))
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      problems.push(problemAt(file, issue.path, `missing: expected ${issue.expected}`))
    } else {
      problems.push(problemAt(file, issue.path, issue.message))
    }
  }
  return { file, value: null }
}

/** Each collector's `config:` block is checked by its own plugin. */
function checkCollectorEntries(collectors: CollectorsFile, file: YamlFile): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const seen = new Set<string>()
  collectors.collectors.forEach((entry, i) => {
    if (seen.has(entry.id)) problems.push(problemAt(file, ['collectors', i, 'id'], `duplicate collector id "${entry.id}"`))
    seen.add(entry.id)
    if (!isValidCron(entry.schedule)) {
      problems.push(problemAt(file, ['collectors', i, 'schedule'], `not a cron expression: "${entry.schedule}"`))
    }
    const plugin = findPlugin(entry.type)
    if (!plugin) {
      problems.push(problemAt(file, ['collectors', i, 'type'], `unknown collector type "${entry.type}"`))
      return
    }
    const result = plugin.parseConfig(entry.config ?? {})
    if (!result.ok) {
      for (const issue of result.issues) {
        problems.push(problemAt(file, ['collectors', i, 'config', ...issue.path], issue.message))
      }
    }
  })
  return problems
}
