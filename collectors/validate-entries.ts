// Checks collectors.yaml entries beyond the schema: ids unique, schedules
// that node-cron accepts, a known plugin type, and the plugin's own config
// checks. Paths are from the file's root (['collectors', 2, 'config', 'seed'])
// so the config loader can turn each into file:line.
import { validate as isValidCron } from 'node-cron'
import type { CollectorEntry } from '../server/config/schema.ts'
import { plugins } from './registry.ts'
import type { CollectorPlugin, ConfigIssue } from './types.ts'

/** `available` defaults to the registry; tests pass their own plugins. */
export function validateCollectorEntries(
  entries: readonly CollectorEntry[],
  available: readonly CollectorPlugin[] = plugins,
): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const seen = new Map<string, number>()
  entries.forEach((entry, i) => {
    const at = ['collectors', i]
    const first = seen.get(entry.id)
    if (first !== undefined) {
      issues.push({ path: [...at, 'id'], message: `duplicate collector id "${entry.id}" (first at collectors[${first}])` })
    } else seen.set(entry.id, i)
    if (!isValidCron(entry.schedule)) {
      issues.push({
        path: [...at, 'schedule'],
        message: `not a cron expression: "${entry.schedule}" (six fields with seconds, e.g. "*/5 * * * * *")`,
      })
    }
    const plugin = available.find((p) => p.type === entry.type)
    if (!plugin) {
      issues.push({
        path: [...at, 'type'],
        message: `unknown collector type "${entry.type}"; known types: ${available.map((p) => p.type).join(', ')}`,
      })
      return
    }
    const parsed = plugin.parseConfig(entry.config ?? {})
    if (!parsed.ok) {
      for (const issue of parsed.issues) issues.push({ path: [...at, 'config', ...issue.path], message: issue.message })
    }
  })
  return issues
}
