// Upgrade options are tracked through the pipeline by an id made from their
// app, metric and name (capacity/tracked/upgrade-states.ts), so two options
// of one metric whose names make the same id would share one pipeline entry.
import { slugOf } from '../capacity/tracked/upgrade-states.ts'
import type { Finding } from './estate-checks.ts'
import type { Estate } from './schema.ts'

export function checkUpgradeNames(estate: Estate): Finding[] {
  const findings: Finding[] = []
  estate.applications.forEach((app, a) => {
    app.metrics.forEach((metric, m) => {
      const seen = new Map<string, string>()
      metric.upgrades.forEach((u, i) => {
        const slug = slugOf(u.name)
        const first = seen.get(slug)
        if (first !== undefined)
          findings.push({
            path: ['applications', a, 'metrics', m, 'upgrades', i, 'name'],
            message: `"${u.name}" is too close to "${first}" (both track as "${slug}"); give the options distinct names`,
          })
        else seen.set(slug, u.name)
      })
    })
  })
  return findings
}
