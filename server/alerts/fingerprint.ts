// An alert's identity: its name and labels, as Prometheus and Alertmanager
// see it. Stable across restarts and config reloads that keep both.
import { createHash } from 'node:crypto'
import type { Labels } from './types.ts'

export function fingerprint(alertname: string, labels: Labels): string {
  const h = createHash('sha256').update(alertname)
  for (const key of Object.keys(labels).sort()) h.update(`\u0000${key}\u0001${labels[key]}`)
  return h.digest('hex').slice(0, 16)
}
