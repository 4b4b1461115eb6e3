// Checks the schema cannot express: ids unique, and every reference (chain
// step, load-model driver) pointing at something that exists.
import type { Estate } from './schema.ts'

export interface Finding {
  path: (string | number)[]
  message: string
}

export function checkEstateReferences(estate: Estate): Finding[] {
  const findings: Finding[] = []
  const driverIds = new Set(estate.drivers.map((d) => d.id))
  const metricsByApp = new Map<string, Set<string>>()

  noDuplicates(
    estate.applications.map((a) => a.id),
    ['applications'],
    'application',
    findings,
  )
  noDuplicates(
    estate.chains.map((c) => c.id),
    ['chains'],
    'chain',
    findings,
  )
  noDuplicates(
    estate.drivers.map((d) => d.id),
    ['drivers'],
    'driver',
    findings,
  )

  estate.applications.forEach((app, a) => {
    if (app.id === 'drivers')
      findings.push({ path: ['applications', a, 'id'], message: '"drivers" is reserved for driver series' })
    metricsByApp.set(app.id, new Set(app.metrics.map((m) => m.id)))
    noDuplicates(
      app.metrics.map((m) => m.id),
      ['applications', a, 'metrics'],
      'metric',
      findings,
    )
    app.metrics.forEach((metric, m) => {
      for (const driver of Object.keys(metric.model?.drivers ?? {})) {
        if (!driverIds.has(driver)) {
          findings.push({
            path: ['applications', a, 'metrics', m, 'model', 'drivers', driver],
            message: `unknown driver "${driver}"; known: ${[...driverIds].join(', ') || 'none'}`,
          })
        }
      }
    })
  })

  estate.chains.forEach((chain, c) => {
    chain.steps.forEach((step, s) => {
      const metrics = metricsByApp.get(step.app)
      if (!metrics) {
        findings.push({ path: ['chains', c, 'steps', s, 'app'], message: `unknown application "${step.app}"` })
      } else if (!metrics.has(step.metric)) {
        findings.push({
          path: ['chains', c, 'steps', s, 'metric'],
          message: `application "${step.app}" has no metric "${step.metric}"; it has: ${[...metrics].join(', ')}`,
        })
      }
    })
  })
  return findings
}

function noDuplicates(ids: string[], path: (string | number)[], what: string, findings: Finding[]): void {
  const seen = new Map<string, number>()
  ids.forEach((id, i) => {
    const first = seen.get(id)
    if (first !== undefined)
      findings.push({ path: [...path, i, 'id'], message: `duplicate ${what} id "${id}" (first at index ${first})` })
    else seen.set(id, i)
  })
}
