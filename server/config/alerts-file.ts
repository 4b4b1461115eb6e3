// Loads config/alerts.yaml (optional) into an AlertsConfig, reporting every
// problem as `alerts.yaml:LINE:COL path: message`. No file, or a file
// without `groups:`, means the built-in default rules.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { isMap, isNode, isScalar } from 'yaml'
import { DEFAULT_GROUPS } from '../alerts/evaluation/defaults.ts'
import { issuesOf } from '../alerts/evaluation/conditions/types.ts'
import { parseDuration } from '../alerts/evaluation/duration.ts'
import { compileGroups, type AlertRefs, type PartialGroup, type Report } from './alerts-compile.ts'
import {
  alertGroupSchema,
  alertRuleSchema,
  alertsFileSchema,
  type AlertsConfig,
  type AlertsFile,
  type WebhookConfig,
} from './alerts-schema.ts'
import { formatPath, type ConfigProblem } from './problems.ts'
import { readYamlFile, type YamlFile } from './yaml-file.ts'

export async function loadAlertsConfig(path: string, refs: AlertRefs, problems: ConfigProblem[]): Promise<AlertsConfig | null> {
  if (!existsSync(path)) return defaultAlertsConfig(refs)
  const file = await readYamlFile(path)
  if (Array.isArray(file)) {
    problems.push(...file)
    return null
  }
  const before = problems.length
  const report: Report = (at, message) => problems.push(problemWithColumn(file, at, message))
  const parsed = alertsFileSchema.safeParse(file.value ?? {})
  if (!parsed.success) {
    for (const issue of issuesOf(parsed.error)) report(issue.path, issue.message)
    // Every problem at once: the rules that are well-formed still get their condition and reference checks.
    compileGroups(wellFormedRules(file.value), refs, report)
    return null
  }
  const config = buildConfig(parsed.data, refs, report, dirname(path))
  return problems.length > before ? null : config
}

/** The groups of an unparseable file, keeping each rule that passes its own schema (others null, indexes kept). */
function wellFormedRules(value: unknown): PartialGroup[] {
  const groups = typeof value === 'object' && value !== null && 'groups' in value ? value.groups : null
  if (!Array.isArray(groups)) return []
  return groups.map((g: unknown) => {
    const rules = typeof g === 'object' && g !== null && 'rules' in g && Array.isArray(g.rules) ? (g.rules as unknown[]) : []
    const name = typeof g === 'object' && g !== null && 'name' in g && typeof g.name === 'string' ? g.name : null
    return {
      name,
      rules: rules.map((r) => {
        const parsed = alertRuleSchema.safeParse(r)
        if (parsed.success) return parsed.data
        // Leave out the keys already reported (they take their defaults) and check the rest.
        if (typeof r !== 'object' || r === null) return null
        const bad = new Set(parsed.error.issues.map((i) => i.path[0]))
        if (bad.has('alert') || bad.has('condition') || bad.has(undefined)) return null
        const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !bad.has(k)))
        const retry = alertRuleSchema.safeParse(rest)
        return retry.success ? retry.data : null
      }),
    }
  })
}

/** The built-in rules with no notifiers; they compile against any estate. */
export function defaultAlertsConfig(refs: AlertRefs): AlertsConfig {
  const failures: string[] = []
  const config = buildConfig(
    alertsFileSchema.parse({}),
    refs,
    (at, message) => failures.push(`${formatPath(at)}: ${message}`),
    '.',
  )
  if (failures.length > 0) throw new Error(`the built-in alert rules do not compile: ${failures.join('; ')}`)
  return config
}

function buildConfig(file: AlertsFile, refs: AlertRefs, report: Report, dir: string): AlertsConfig {
  const groups = file.groups ?? DEFAULT_GROUPS.map((g) => alertGroupSchema.parse(g))
  const am = file.notifiers.alertmanager
  return {
    source: file.groups ? 'file' : 'defaults',
    evaluationIntervalMs: parseDuration(file.evaluationInterval),
    resolvedRetentionMs: parseDuration(file.resolvedRetention),
    externalUrl: file.externalUrl ?? null,
    inhibitChains: file.inhibition.chains,
    rules: compileGroups(groups, refs, report),
    alertmanager: am
      ? {
          url: am.url,
          resendIntervalMs: parseDuration(am.resendInterval),
          timeoutMs: parseDuration(am.timeout),
          backoff: { initialMs: parseDuration(am.backoff.initial), maxMs: parseDuration(am.backoff.max) },
        }
      : null,
    webhooks: file.notifiers.webhooks.map((w, i): WebhookConfig => ({
      name: w.name,
      url: w.url,
      secret: webhookSecret(w, dir, (key, message) => report(['notifiers', 'webhooks', i, key], message)),
      timeoutMs: parseDuration(w.timeout),
      backoff: { initialMs: parseDuration(w.backoff.initial), maxMs: parseDuration(w.backoff.max) },
      maxQueue: w.maxQueue,
    })),
  }
}

function webhookSecret(
  w: AlertsFile['notifiers']['webhooks'][number],
  dir: string,
  report: (key: string, message: string) => void,
): string | null {
  if (w.secret !== undefined) return w.secret
  if (w.secretEnv !== undefined) {
    const value = process.env[w.secretEnv]
    if (!value) report('secretEnv', `environment variable ${w.secretEnv} is not set (or empty)`)
    return value ?? null
  }
  if (w.secretFile !== undefined) {
    const file = resolve(dir, w.secretFile)
    try {
      const value = readFileSync(file, 'utf8').trim()
      if (value === '') report('secretFile', `${w.secretFile} is empty`)
      return value
    } catch (err) {
      report('secretFile', `cannot read ${w.secretFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
    }
  }
  return null
}

/** A problem at the key (for a map entry) or node at `path`, or its nearest existing ancestor, with line and column. */
export function problemWithColumn(file: YamlFile, path: readonly PropertyKey[], message: string): ConfigProblem {
  const at = positionOf(file, path)
  return at
    ? { file: file.name, line: at.line, column: at.col, path: formatPath(path), message }
    : { file: file.name, line: null, path: formatPath(path), message }
}

function positionOf(file: YamlFile, path: readonly PropertyKey[]): { line: number; col: number } | null {
  const keys = path.map((k) => (typeof k === 'symbol' ? String(k) : k))
  for (let depth = keys.length; depth >= 0; depth--) {
    const parent = depth === 0 ? null : file.doc.getIn(keys.slice(0, depth - 1), true)
    const last = keys[depth - 1]
    // For a map entry, point at its key: that is where a person looks for "unknown key" or "for:".
    if (depth > 0 && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last)
      if (pair && isNode(pair.key) && pair.key.range) return file.lines.linePos(pair.key.range[0])
    }
    const node: unknown = depth === 0 ? file.doc.contents : file.doc.getIn(keys.slice(0, depth), true)
    if (isNode(node) && node.range) return file.lines.linePos(node.range[0])
  }
  return null
}
