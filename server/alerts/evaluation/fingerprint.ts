// An alert's identity: its name and labels, as Prometheus and Alertmanager
// see it. Stable across restarts and config reloads that keep both. FNV-1a
// (64-bit) over the sorted labels: pure, no crypto needed for an identity.
import type { Labels } from './types.ts'

const OFFSET = 0xcbf29ce484222325n
const PRIME = 0x100000001b3n
const MASK = 0xffffffffffffffffn

export function fingerprint(alertname: string, labels: Labels): string {
  let h = OFFSET
  const feed = (text: string) => {
    for (const ch of new TextEncoder().encode(text)) h = ((h ^ BigInt(ch)) * PRIME) & MASK
  }
  feed(alertname)
  for (const key of Object.keys(labels).sort()) feed(`\u0000${key}\u0001${labels[key]}`)
  return h.toString(16).padStart(16, '0')
}
