// Checks on collectors.yaml `environments:` and each collector's
// `environment:` beyond the schema: ids unique, "live" not redeclared (it is
// the default, size 1), every collector's environment declared, and every
// per-application size naming an application of the estate.
import type { ConfigIssue } from '../../collectors/types.ts'
import { LIVE_ENVIRONMENT } from './environments-schema.ts'
import type { CollectorsFile, Estate } from './schema.ts'

export function checkEnvironments(file: CollectorsFile, estate: Estate | null): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const declared = new Set<string>()
  const apps = new Set(estate?.applications.map((a) => a.id) ?? [])
  file.environments.forEach((env, i) => {
    const at = ['environments', i]
    if (env.id === LIVE_ENVIRONMENT)
      issues.push({ path: [...at, 'id'], message: '"live" is the default environment (size 1) and cannot be declared' })
    else if (declared.has(env.id)) issues.push({ path: [...at, 'id'], message: `duplicate environment id "${env.id}"` })
    else declared.add(env.id)
    if (!estate) return
    for (const app of Object.keys(env.apps)) {
      if (!apps.has(app))
        issues.push({ path: [...at, 'apps', app], message: `unknown application "${app}"; known: ${[...apps].join(', ')}` })
    }
  })
  file.collectors.forEach((c, i) => {
    const env = c.environment
    if (env === undefined || env === LIVE_ENVIRONMENT || declared.has(env)) return
    const known = [LIVE_ENVIRONMENT, ...declared].join(', ')
    issues.push({
      path: ['collectors', i, 'environment'],
      message: `unknown environment "${env}"; known: ${known} (declare it under environments:)`,
    })
  })
  return issues
}
