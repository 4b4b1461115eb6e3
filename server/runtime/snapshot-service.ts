// Keeps the current capacity snapshot and tells listeners when it changes.
// The engine is pure; this is the place that owns the clock and the cadence.
import { computeSnapshot } from '../capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot } from '../capacity/snapshot/types.ts'
import type { ObservationCache } from './observations.ts'
import type { Estate } from '../config/schema.ts'

export interface SnapshotService {
  current(): CapacitySnapshot | null
  /** Recompute now; returns true when the content (not just the time) changed. */
  refresh(): boolean
  onChange(listener: (snapshot: CapacitySnapshot) => void): () => void
  start(intervalMs: number): void
  stop(): void
}

export function createSnapshotService(opts: {
  estate: () => Estate
  cache: ObservationCache
  now?: () => Date
  /** Adds slower-moving results (the capacity engine's) to each fresh snapshot; must not recompute them. */
  decorate?: (snapshot: CapacitySnapshot) => CapacitySnapshot
}): SnapshotService {
  const now = opts.now ?? (() => new Date())
  const listeners = new Set<(s: CapacitySnapshot) => void>()
  let current: CapacitySnapshot | null = null
  let fingerprint = ''
  let seenChanges = -1
  let timer: NodeJS.Timeout | null = null
  let lastCompute = 0

  const refresh = (): boolean => {
    const plain = computeSnapshot(opts.estate(), opts.cache.observations(now()), now())
    const snapshot = opts.decorate ? opts.decorate(plain) : plain
    seenChanges = opts.cache.changes
    lastCompute = Date.now()
    const next = JSON.stringify({ ...snapshot, generatedAt: '' })
    current = snapshot
    if (next === fingerprint) return false
    fingerprint = next
    for (const l of listeners) l(snapshot)
    return true
  }

  return {
    current: () => current,
    refresh,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start(intervalMs) {
      refresh()
      timer = setInterval(() => {
        // Recompute when data arrived, and every 10 s regardless: 24 h peaks
        // roll off and a source that went quiet turns stale without new data.
        if (opts.cache.changes !== seenChanges || Date.now() - lastCompute > 10_000) refresh()
      }, intervalMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
