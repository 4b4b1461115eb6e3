// An alert's identity: its name and labels, as Prometheus and Alertmanager
// see it. Stable across restarts and config reloads that keep both. Two
// independent 32-bit hashes (FNV-1a and a murmur-style mix) over the sorted
// labels make 64 bits: pure, cheap, and no crypto needed for an identity.

export function fingerprint(alertname: string, labels: Readonly<Record<string, string>>): string {
  let a = 0x811c9dc5
  let b = 0x9747b28c
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
      b ^= b >>> 15
    }
  }
  feed(alertname)
  for (const key of Object.keys(labels).sort()) feed(`\u0000${key}\u0001${labels[key]}`)
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
