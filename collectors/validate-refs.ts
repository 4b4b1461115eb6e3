// Checks a collector's config against the estate: every application and
// metric it maps samples to must exist (or each sample is rejected at ingest,
// silently for the person who wrote the mapping), and a watched CSV folder
// must be there. Generic over plugins: any object in a `config:` block with a
// fixed `app` (and `metric`) is a mapping, `appMap` values and a simulator's
// `apps` are application ids. Paths are from the file's root, like
// validate-entries.ts, so the loader prints `collectors.yaml:14 collectors[2].config.queries[0].metric: …`.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CollectorEntry, Estate } from '../server/config/schema.ts'
import type { ConfigIssue } from './types.ts'

/** Series apps the pipeline knows besides the estate's applications (see server/core.ts knownSeries). */
const DRIVER_APPS = new Set(['drivers', 'driver-forecast'])

interface Names {
  apps: Map<string, Set<string>>
  drivers: Set<string>
  anyMetric: Set<string>
}

function namesOf(estate: Estate): Names {
  const apps = new Map(estate.applications.map((a) => [a.id, new Set(a.metrics.map((m) => m.id))]))
  return {
    apps,
    drivers: new Set(estate.drivers.map((d) => d.id)),
    anyMetric: new Set([...apps.values()].flatMap((m) => [...m])),
  }
}

function list(values: Iterable<string>): string {
  const all = [...values]
  return all.length > 12 ? `${all.slice(0, 12).join(', ')}, …` : all.join(', ') || '(none)'
}

function checkMapping(node: Record<string, unknown>, at: (string | number)[], names: Names, out: ConfigIssue[]): void {
  const app = node.app
  const metric = node.metric
  if (typeof app === 'string') {
    if (DRIVER_APPS.has(app)) {
      if (typeof metric === 'string' && !names.drivers.has(metric))
        out.push({ path: [...at, 'metric'], message: `unknown driver "${metric}"; estate.yaml has: ${list(names.drivers)}` })
      return
    }
    const metrics = names.apps.get(app)
    if (!metrics) {
      out.push({ path: [...at, 'app'], message: `unknown application "${app}"; estate.yaml has: ${list(names.apps.keys())}` })
      return
    }
    if (typeof metric === 'string' && !metrics.has(metric))
      out.push({ path: [...at, 'metric'], message: `application "${app}" has no metric "${metric}"; it has: ${list(metrics)}` })
    return
  }
  // The application comes from the data (appLabel, appTag, appPath): the metric must exist somewhere.
  if (typeof metric === 'string' && (node.appLabel ?? node.appTag ?? node.appPath) !== undefined && !names.anyMetric.has(metric))
    out.push({ path: [...at, 'metric'], message: `no application in estate.yaml has a metric "${metric}"` })
}

function walk(node: unknown, at: (string | number)[], names: Names, out: ConfigIssue[], depth: number): void {
  if (depth > 12 || typeof node !== 'object' || node === null) return
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, [...at, i], names, out, depth + 1))
    return
  }
  const obj = node as Record<string, unknown>
  if ('metric' in obj || ('app' in obj && typeof obj.app === 'string')) checkMapping(obj, at, names, out)
  const appMap = obj.appMap
  if (typeof appMap === 'object' && appMap !== null) {
    for (const [key, app] of Object.entries(appMap)) {
      if (typeof app === 'string' && !names.apps.has(app))
        out.push({
          path: [...at, 'appMap', key],
          message: `unknown application "${app}"; estate.yaml has: ${list(names.apps.keys())}`,
        })
    }
  }
  for (const [key, value] of Object.entries(obj)) if (key !== 'appMap') walk(value, [...at, key], names, out, depth + 1)
}

export function checkCollectorReferences(entries: readonly CollectorEntry[], estate: Estate, cwd = process.cwd()): ConfigIssue[] {
  const names = namesOf(estate)
  const out: ConfigIssue[] = []
  entries.forEach((entry, i) => {
    const at = ['collectors', i, 'config']
    walk(entry.config, at, names, out, 0)
    const config = entry.config as Record<string, unknown> | undefined
    if (entry.type === 'simulator' && Array.isArray(config?.apps)) {
      config.apps.forEach((app: unknown, k: number) => {
        if (typeof app === 'string' && !names.apps.has(app))
          out.push({
            path: [...at, 'apps', k],
            message: `unknown application "${app}"; estate.yaml has: ${list(names.apps.keys())}`,
          })
      })
    }
    if (entry.type === 'csv' && entry.enabled && typeof config?.folder === 'string') {
      const folder = resolve(cwd, config.folder)
      let problem: string | null = null
      try {
        if (!statSync(folder).isDirectory()) problem = `"${config.folder}" is a file, expected a folder (${folder})`
      } catch {
        problem = `folder "${config.folder}" does not exist (looked at ${folder}; relative paths are from the directory Headroom starts in)`
      }
      if (problem) out.push({ path: [...at, 'folder'], message: problem })
    }
  })
  return out
}
