// Checks on scenarios.yaml that the schema cannot express: ids unique, and
// every driver, application, metric and upgrade a scenario names exists in
// the estate. A what-if that silently ignores a typo answers a different question.
import type { Scenario } from './engine-schema.ts'
import type { Finding } from './estate-checks.ts'
import type { Estate } from './schema.ts'

/** `base` is the path of the scenario list: ['scenarios'] for the file, [] for an ad-hoc request. */
export function checkScenario(estate: Estate, s: Scenario, base: (string | number)[]): Finding[] {
  const findings: Finding[] = []
  const drivers = estate.drivers.map((d) => d.id)
  const knownDriver = (d: string, path: (string | number)[]): void => {
    if (!drivers.includes(d)) findings.push({ path, message: `unknown driver "${d}"; known: ${drivers.join(', ') || 'none'}` })
  }
  for (const d of Object.keys(s.multipliers)) knownDriver(d, [...base, 'multipliers', d])
  for (const d of Object.keys(s.growthPerMonth)) knownDriver(d, [...base, 'growthPerMonth', d])
  s.spike?.drivers.forEach((d, i) => knownDriver(d, [...base, 'spike', 'drivers', i]))
  const appOf = (id: string) => estate.applications.find((a) => a.id === id)
  const apps = (): string => estate.applications.map((a) => a.id).join(', ')
  s.capacityLoss.forEach((l, i) => {
    const app = appOf(l.app)
    if (!app)
      findings.push({ path: [...base, 'capacityLoss', i, 'app'], message: `unknown application "${l.app}"; known: ${apps()}` })
    else if (l.metric !== undefined && !app.metrics.some((m) => m.id === l.metric)) {
      findings.push({
        path: [...base, 'capacityLoss', i, 'metric'],
        message: `application "${l.app}" has no metric "${l.metric}"; it has: ${app.metrics.map((m) => m.id).join(', ')}`,
      })
    }
  })
  s.upgrades.forEach((u, i) => {
    const app = appOf(u.app)
    const metric = app?.metrics.find((m) => m.id === u.metric)
    if (!app)
      findings.push({ path: [...base, 'upgrades', i, 'app'], message: `unknown application "${u.app}"; known: ${apps()}` })
    else if (!metric)
      findings.push({
        path: [...base, 'upgrades', i, 'metric'],
        message: `application "${u.app}" has no metric "${u.metric}"; it has: ${app.metrics.map((m) => m.id).join(', ')}`,
      })
    else if (!metric.upgrades.some((x) => x.name === u.upgrade)) {
      const names = metric.upgrades.map((x) => `"${x.name}"`).join(', ')
      findings.push({
        path: [...base, 'upgrades', i, 'upgrade'],
        message: `${u.app}/${u.metric} has no upgrade "${u.upgrade}"; it has: ${names || 'none'}`,
      })
    }
  })
  return findings
}

export function checkScenarios(estate: Estate, scenarios: readonly Scenario[]): Finding[] {
  const findings: Finding[] = []
  const seen = new Map<string, number>()
  scenarios.forEach((s, i) => {
    const first = seen.get(s.id)
    if (first !== undefined)
      findings.push({ path: ['scenarios', i, 'id'], message: `duplicate scenario id "${s.id}" (first at index ${first})` })
    else seen.set(s.id, i)
    findings.push(...checkScenario(estate, s, ['scenarios', i]))
  })
  return findings
}
