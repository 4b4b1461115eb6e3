// Counter-based randomness: a value is a hash of (seed, series, index), not
// the next draw of a stream. That makes every simulated value a pure function
// of time, so live collection, backfill and a restarted process all agree.

/** FNV-1a of a string, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** murmur3's finaliser: spreads every input bit over the output. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Uniform in [0, 1) for (key, index); key is a hashed (seed, series) pair. */
export function uniform(key: number, index: number): number {
  // Split the index so indices beyond 2^32 (ms timestamps) still differ.
  const lo = index % 0x1_0000_0000
  const hi = Math.floor(index / 0x1_0000_0000)
  const h = mix(mix(key ^ lo) ^ Math.imul(hi + 1, 0x9e3779b1))
  return h / 0x1_0000_0000
}

/** Key for one series under one seed. */
export function seriesKey(seed: string | number, series: string): number {
  return mix(hashString(String(seed)) ^ mix(hashString(series)))
}

/**
 * Smooth noise in [-1, 1]: random knots every `knotMs`, eased between. Live
 * samples every few seconds then form a continuous line through the same
 * knots the 5-minute backfill hits exactly.
 */
export function smoothNoise(key: number, t: number, knotMs: number): number {
  const k = Math.floor(t / knotMs)
  const f = (t - k * knotMs) / knotMs
  const a = uniform(key, k) * 2 - 1
  if (f === 0) return a
  const b = uniform(key, k + 1) * 2 - 1
  const s = f * f * (3 - 2 * f)
  return a + (b - a) * s
}
