// The engine leader's live state, kept in Redis, so every dashboard server
// answers `watch` with the same full state the leader pushes deltas from,
// and a new leader can continue the old one's numbering:
//   <prefix>:live:tiles   the full tiles state (gzipped JSON), rewritten on each tiles delta
//   <prefix>:live:apps    hash: application id → its full state (JSON), rewritten when it changes
//   <prefix>:live:seqs    hash: 'seq', 'tiles' and each application id → last delta seq of that room
import type { Redis } from 'ioredis'
import type { LiveDelta, LiveState } from '../runtime/live-state.ts'
import { packJson, wireJson } from '../runtime/packed-json.ts'

export interface LiveMirror {
  /** Writes what the delta changed (leader only). */
  publish(delta: LiveDelta): Promise<void>
  tilesFull(): Promise<Uint8Array | null>
  appFull(id: string): Promise<Uint8Array | null>
  /** The last leader's numbering, for LiveState.takeOver(). */
  seqs(): Promise<{ seq: number; tiles: number; apps: Map<string, number> }>
}

export function createLiveMirror(redis: Redis, prefix: string, live: LiveState): LiveMirror {
  const tilesKey = `${prefix}:live:tiles`
  const appsKey = `${prefix}:live:apps`
  const seqsKey = `${prefix}:live:seqs`
  // One publish at a time: gzip is asynchronous, and an older state must not land after a newer one.
  let queue: Promise<void> = Promise.resolve()
  async function write(delta: LiveDelta): Promise<void> {
    const json = delta.tiles ? live.tilesFullJson() : null
    // Stored gzipped, as a leader's own `watch` answers (runtime/packed-json.ts): followers pass the bytes on.
    const packed = json === null ? null : await packJson(json)
    const batch = redis.multi()
    if (delta.tiles) {
      if (packed) batch.set(tilesKey, packed)
      batch.hset(seqsKey, 'tiles', String(delta.seq))
    }
    for (const d of delta.apps) {
      const full = live.appFull(d.app)
      if (full) batch.hset(appsKey, d.app, wireJson(full))
      batch.hset(seqsKey, d.app, String(delta.seq))
    }
    batch.hset(seqsKey, 'seq', String(delta.seq))
    await batch.exec()
  }
  return {
    publish(delta) {
      const done = queue.then(() => write(delta))
      queue = done.catch(() => undefined)
      return done
    },
    tilesFull: () => redis.getBuffer(tilesKey),
    appFull: (id) => redis.hgetBuffer(appsKey, id),
    async seqs() {
      const all = await redis.hgetall(seqsKey)
      const apps = new Map<string, number>()
      for (const [k, v] of Object.entries(all)) if (k !== 'seq' && k !== 'tiles') apps.set(k, Number(v))
      return { seq: Number(all.seq ?? 0), tiles: Number(all.tiles ?? 0), apps }
    },
  }
}
