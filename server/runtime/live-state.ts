// The live snapshot kept per metric, so an estate of thousands of metrics
// recomputes and pushes only what changed. Every tick (1 s) it takes the
// series that received samples (plus every series after a new engine result,
// a config change, and every 10 s for 24 h peaks rolling off and sources going
// quiet), recomputes them a slice at a time (the event loop gets a turn
// between slices), and gives each metric, tile and the chain summary a
// version: the state's sequence number when its content last changed.
// Listeners get one delta per tick with changes; rooms (live/live-handlers.ts)
// forward each part to its subscribers. The whole CapacitySnapshot is still
// there (current()) for /api/snapshot, /metrics and alerting, assembled
// from the pieces only when asked for.
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import { computeChainStatus } from '../capacity/chains/chain-status.ts'
import { computeMetricStatus } from '../capacity/limits/metric-status.ts'
import {
  applicationTile,
  mergeChain,
  mergeMetric,
  type AppDelta,
  type AppFull,
  type LiveSummary,
  type TilesDelta,
  type TilesFull,
  type VersionedMetric,
  type VersionedTile,
} from '../capacity/snapshot/live-view.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot, ChainStatus, MetricStatus } from '../capacity/snapshot/types.ts'
import type { Estate, MetricConfig } from '../config/schema.ts'
import { assembleSnapshot, assembleSnapshotSteps, type SnapshotParts } from './live-snapshot.ts'
import type { ObservationCache } from './observations.ts'
import { wireJson } from './packed-json.ts'
import { runSliced, slicer } from '../turns.ts'
import { NO_VERDICT, verdictOf } from './engine-verdict.ts'
import { sameJson } from './same-json.ts'

/** Every metric is looked at this often even without samples (24 h peaks roll off, sources go quiet). */
const SWEEP_MS = 10_000

export interface LiveDelta {
  seq: number
  at: string
  tiles: TilesDelta | null
  apps: AppDelta[]
}

export interface LiveState {
  current(): CapacitySnapshot | null
  /** The snapshot without the engine's verdict merged in: what the engine itself is computed against. */
  plainSnapshot(): CapacitySnapshot | null
  /** current() / plainSnapshot() assembled a slice at a time, for background work (alerting, engine passes). */
  currentInTurns(): Promise<CapacitySnapshot | null>
  plainSnapshotInTurns(): Promise<CapacitySnapshot | null>
  /** Recompute every metric now (config reload, backfill done); resolves when that tick is done. */
  refresh(): Promise<void>
  /** The latest engine result, merged into every metric on the next tick. */
  setEngineResult(result: EngineResult): void
  /** Called after each tick that changed something; current() then gives the new snapshot. */
  onChange(listener: () => void): () => void
  onDelta(listener: (delta: LiveDelta) => void): () => void
  seq(): number
  /** Every metric's status as current() has it, without assembling a snapshot. */
  metricStatuses(): Iterable<MetricStatus>
  tilesFull(): TilesFull | null
  /** tilesFull() as JSON, serialised once per change however many sockets ask. */
  tilesFullJson(): string | null
  appFull(app: string): AppFull | null
  /**
   * Continue another server's numbering (a new engine leader in a cluster):
   * the next delta of each room names the previous leader's last one as its
   * `prev`, and then carries every metric, so clients neither see a gap nor
   * miss a change made while the old leader was dying.
   */
  takeOver(from: { seq: number; tiles: number; apps: ReadonlyMap<string, number> }): Promise<void>
  start(intervalMs: number): void
  stop(): void
}

interface Entry {
  app: string
  config: MetricConfig
  plain: MetricStatus | null
  merged: MetricStatus | null
  /** The status last pushed; null forces the next push. */
  pushed: MetricStatus | null
  version: number
}

export function createLiveState(opts: { estate: () => Estate; cache: ObservationCache; now?: () => Date }): LiveState {
  const now = opts.now ?? (() => new Date())
  const entries = new Map<string, Entry>()
  /** `pushed` false forces the tile's next push. */
  const tiles = new Map<string, { tile: VersionedTile; pushed: boolean }>()
  const appSeq = new Map<string, number>()
  const chainsByMetric = new Map<string, string[]>()
  const plainChains = new Map<string, ChainStatus>()
  const mergedChains = new Map<string, ChainStatus>()
  /** Each chain as last pushed, to tell a changed chain from a recomputed one. */
  const pushedChains = new Map<string, ChainStatus>()
  const appById = new Map<string, Estate['applications'][number]>()
  const chainById = new Map<string, Estate['chains'][number]>()
  /** The estate's chains were replaced (config reload): the next tiles delta lists their order. */
  let reordered = false
  const changeListeners = new Set<() => void>()
  const deltaListeners = new Set<(d: LiveDelta) => void>()
  let estate: Estate | null = null
  let verdict = NO_VERDICT
  let engineDirty = false
  /** The latest setEngineResult() call: an older one still being applied gives way. */
  let engineGeneration = 0
  let seq = 0
  let tilesSeq = 0
  let at = new Date(0).toISOString()
  let lastSweep = 0
  let ticking: Promise<void> | null = null
  let again = false
  let timer: NodeJS.Timeout | null = null
  let cached: { seq: number; snapshot: CapacitySnapshot | null; plain: CapacitySnapshot | null; json: string | null } = {
    seq: -1,
    snapshot: null,
    plain: null,
    json: null,
  }

  function reindex(next: Estate): void {
    estate = next
    const known = new Set<string>()
    for (const app of next.applications)
      for (const m of app.metrics) {
        const key = seriesKey(app.id, m.id)
        known.add(key)
        const e = entries.get(key)
        if (e) e.config = m
        else entries.set(key, { app: app.id, config: m, plain: null, merged: null, pushed: null, version: 0 })
      }
    for (const key of entries.keys()) if (!known.has(key)) entries.delete(key)
    const apps = new Set(next.applications.map((a) => a.id))
    for (const id of tiles.keys()) if (!apps.has(id)) tiles.delete(id)
    chainsByMetric.clear()
    for (const chain of next.chains)
      for (const s of chain.steps) {
        const key = seriesKey(s.app, s.metric)
        chainsByMetric.set(key, [...(chainsByMetric.get(key) ?? []), chain.id])
      }
    plainChains.clear()
    mergedChains.clear()
    pushedChains.clear()
    appById.clear()
    for (const app of next.applications) appById.set(app.id, app)
    chainById.clear()
    for (const chain of next.chains) chainById.set(chain.id, chain)
    reordered = true
  }

  function recompute(key: string, e: Entry, t: Date): boolean {
    const plain = computeMetricStatus(estate as Estate, e.app, e.config, opts.cache.observation(key, t), t)
    const merged = mergeMetric(plain, verdict.metrics.get(key), verdict.n1.group(key))
    e.plain = plain
    e.merged = merged
    // The age changes every second by itself (clients age `at` on their own clock): not a change.
    if (e.pushed && sameJson(merged, e.pushed, 'lastSampleAgeSeconds')) return false
    e.pushed = merged
    e.version = seq + 1
    return true
  }

  /** Recomputes the chains given, a slice at a time; returns the ids whose content changed. */
  async function rebuildChains(ids: Iterable<string>): Promise<string[]> {
    const changed: string[] = []
    const plainOf = (app: string, metric: string) => entries.get(seriesKey(app, metric))?.plain ?? undefined
    const mergedOf = (app: string, metric: string) => {
      const e = entries.get(seriesKey(app, metric))
      return verdict.metrics.has(seriesKey(app, metric)) ? (e?.merged ?? undefined) : undefined
    }
    const checkpoint = slicer()
    for (const id of ids) {
      const chain = chainById.get(id)
      if (!chain) continue
      const plain = computeChainStatus(estate as Estate, chain, plainOf)
      const merged = mergeChain(plain, mergedOf, verdict.chains.get(id), verdict.n1.chain(id))
      plainChains.set(id, plain)
      mergedChains.set(id, merged)
      const before = pushedChains.get(id)
      if (!before || !sameJson(merged, before)) {
        pushedChains.set(id, merged)
        changed.push(id)
      }
      await checkpoint()
    }
    return changed
  }

  function tileFor(appId: string): boolean {
    const app = appById.get(appId)
    if (!app) return false
    const metrics = app.metrics
      .map((m) => entries.get(seriesKey(app.id, m.id))?.merged)
      .filter((m): m is MetricStatus => m !== null && m !== undefined)
    const tile = applicationTile(app, metrics)
    const before = tiles.get(appId)
    if (before?.pushed && sameJson(tile, before.tile, 'version')) return false
    tiles.set(appId, { tile: { ...tile, version: seq + 1 }, pushed: true })
    return true
  }

  function summary(): LiveSummary {
    const est = estate as Estate
    return {
      chains: est.chains.map((c) => mergedChains.get(c.id)).filter((c): c is ChainStatus => c !== undefined),
      engine: verdict.view,
    }
  }

  async function tick(all: boolean): Promise<void> {
    const next = opts.estate()
    if (next !== estate) {
      reindex(next)
      all = true
    }
    const t = now()
    const dirty = opts.cache.takeDirty()
    const everything = all || engineDirty || t.getTime() - lastSweep >= SWEEP_MS
    const engineChanged = engineDirty
    engineDirty = false
    if (everything) lastSweep = t.getTime()
    const keys = everything ? [...entries.keys()] : [...dirty].filter((k) => entries.has(k))
    const changed: string[] = []
    const checkpoint = slicer()
    for (const key of keys) {
      const e = entries.get(key)
      if (e && recompute(key, e, t)) changed.push(key)
      await checkpoint()
    }
    const chainIds = new Set<string>(everything ? (estate as Estate).chains.map((c) => c.id) : [])
    for (const key of changed) for (const id of chainsByMetric.get(key) ?? []) chainIds.add(id)
    const chainChanges = await rebuildChains(chainIds)
    if (changed.length === 0 && chainChanges.length === 0 && !engineChanged && !reordered) return
    // Changed metrics by application, in one pass (filtering every change once per application was
    // 300 applications × 1 000 changes at the scale estate).
    const byApp = new Map<string, string[]>()
    for (const k of changed) {
      const app = (entries.get(k) as Entry).app
      const keys = byApp.get(app)
      if (keys) keys.push(k)
      else byApp.set(app, [k])
    }
    const tileChanges: string[] = []
    for (const id of byApp.keys()) {
      if (tileFor(id)) tileChanges.push(id)
      await checkpoint()
    }
    // An application at a time (after an engine result every metric is in a delta: 10 000 copies),
    // made before the sequence number moves on, so nobody sees the new number without its delta.
    const nextSeq = seq + 1
    const stamp = t.toISOString()
    const appDeltas: AppDelta[] = []
    for (const [app, keys] of byApp) {
      const metrics = keys.map((k) => ({ ...((entries.get(k) as Entry).merged as MetricStatus), version: nextSeq }))
      appDeltas.push({ seq: nextSeq, prev: appSeq.get(app) ?? 0, at: stamp, app, metrics })
      await checkpoint()
    }
    for (const d of appDeltas) appSeq.set(d.app, nextSeq)
    seq = nextSeq
    at = stamp
    let tilesDelta: TilesDelta | null = null
    if (tileChanges.length > 0 || chainChanges.length > 0 || engineChanged || reordered) {
      tilesDelta = {
        seq,
        prev: tilesSeq,
        at,
        tiles: tileChanges.map((id) => tiles.get(id)?.tile as VersionedTile),
        chains: chainChanges.map((id) => mergedChains.get(id) as ChainStatus),
        ...(reordered ? { chainOrder: (estate as Estate).chains.map((c) => c.id) } : {}),
        engine: engineChanged ? verdict.view : null,
      }
      tilesSeq = seq
    }
    reordered = false
    const delta: LiveDelta = { seq, at, tiles: tilesDelta, apps: appDeltas }
    for (const l of deltaListeners) l(delta)
    // Listeners take the snapshot (current()) when they need it: assembling one per tick for nobody
    // cost 20–30 ms of event loop at 1 000 metrics.
    for (const l of changeListeners) l()
  }

  function run(all: boolean): Promise<void> {
    if (ticking) {
      again ||= all
      return ticking.then(() => (again ? run(true) : undefined))
    }
    ticking = tick(all).finally(() => {
      ticking = null
      if (again) {
        again = false
        void run(true)
      }
    })
    return ticking
  }

  function fresh(): typeof cached {
    if (cached.seq !== seq) cached = { seq, snapshot: null, plain: null, json: null }
    return cached
  }

  function parts(merged: boolean): SnapshotParts | null {
    if (!estate || seq === 0) return null
    return {
      estate,
      generatedAt: at,
      metric: (key) => {
        const e = entries.get(key)
        return e ? (merged ? e.merged : e.plain) : null
      },
      chains: merged ? mergedChains : plainChains,
      engine: merged ? verdict.view : null,
    }
  }

  const slotOf = (merged: boolean): 'snapshot' | 'plain' => (merged ? 'snapshot' : 'plain')

  function assembleNow(merged: boolean): CapacitySnapshot | null {
    const c = fresh()
    const p = parts(merged)
    c[slotOf(merged)] ??= p && assembleSnapshot(p)
    return c[slotOf(merged)]
  }

  /** One assembly in turns per sequence number and kind, however many ask meanwhile. */
  const inTurns = new Map<boolean, { seq: number; snapshot: Promise<CapacitySnapshot | null> }>()
  function assembleInTurns(merged: boolean): Promise<CapacitySnapshot | null> {
    const done = fresh()[slotOf(merged)]
    if (done) return Promise.resolve(done)
    const held = inTurns.get(merged)
    if (held?.seq === seq) return held.snapshot
    const p = parts(merged)
    if (!p) return Promise.resolve(null)
    const from = seq
    const snapshot = runSliced(assembleSnapshotSteps(p))
      .then((s) => {
        // Kept only if no tick finished meanwhile; a caller still gets what it waited for.
        if (seq === from) fresh()[slotOf(merged)] ??= s
        return s
      })
      .finally(() => {
        if (inTurns.get(merged)?.seq === from) inTurns.delete(merged)
      })
    inTurns.set(merged, { seq: from, snapshot })
    return snapshot
  }

  function tilesFull(): TilesFull | null {
    if (!estate || seq === 0) return null
    const list = estate.applications.map((a) => tiles.get(a.id)?.tile).filter((x): x is VersionedTile => x !== undefined)
    return { seq, at, tiles: list, summary: summary() }
  }

  async function takeOver(from: { seq: number; tiles: number; apps: ReadonlyMap<string, number> }): Promise<void> {
    seq = Math.max(seq, from.seq)
    tilesSeq = from.tiles
    appSeq.clear()
    for (const [app, n] of from.apps) appSeq.set(app, n)
    for (const e of entries.values()) e.pushed = null
    for (const t of tiles.values()) t.pushed = false
    pushedChains.clear()
    engineDirty = true
    await run(true)
  }

  return {
    current: () => assembleNow(true),
    takeOver,
    plainSnapshot: () => assembleNow(false),
    currentInTurns: () => assembleInTurns(true),
    plainSnapshotInTurns: () => assembleInTurns(false),
    refresh: () => run(true),
    setEngineResult(result) {
      const mine = ++engineGeneration
      // Built over a few turns and applied whole, so a tick never mixes two results; a newer result
      // arriving meanwhile wins.
      void verdictOf(result).then((next) => {
        if (mine !== engineGeneration) return
        verdict = next
        engineDirty = true
        void run(false)
      })
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },
    onDelta(listener) {
      deltaListeners.add(listener)
      return () => deltaListeners.delete(listener)
    },
    seq: () => seq,
    *metricStatuses() {
      // The statuses current() would assemble.
      for (const e of entries.values()) if (e.merged) yield e.merged
    },
    tilesFull,
    tilesFullJson() {
      const c = fresh()
      if (c.json === null) {
        const full = tilesFull()
        c.json = full ? wireJson(full) : null
      }
      return c.json
    },
    appFull(id) {
      const app = appById.get(id)
      if (!app || seq === 0) return null
      const metrics: VersionedMetric[] = []
      for (const m of app.metrics) {
        const e = entries.get(seriesKey(app.id, m.id))
        if (e?.merged) metrics.push({ ...e.merged, version: e.version })
      }
      return { seq, at, app: id, metrics }
    },
    start(intervalMs) {
      void run(true)
      timer = setInterval(() => void run(false), intervalMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
