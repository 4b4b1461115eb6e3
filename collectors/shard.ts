// `headroom collect --shard i/n` runs a stable subset of collectors in each
// process. The hash depends only on the collector id, so adding a collector
// never moves the others between shards.

/** FNV-1a of the id, mod n: a stable shard index in [0, n). */
export function shardOf(id: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`shard count must be a positive integer, got ${n}`)
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % n
}

/** Parses "i/n" (0-based i) from the command line; the message names the flag. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || count < 1 || index >= count) {
    throw new Error(`--shard expects "i/n" with 0 <= i < n (e.g. "0/2"), got "${text}"`)
  }
  return { index, count }
}

/** The entries this shard owns. */
export function selectShard<T extends { id: string }>(entries: readonly T[], index: number, count: number): T[] {
  return entries.filter((e) => shardOf(e.id, count) === index)
}
