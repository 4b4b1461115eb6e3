// The client side of the live rooms: full states and deltas applied by
// sequence number. A delta holds every change of its room after `prev` up
// to `seq`: applied when prev ≤ held < seq, ignored when seq ≤ held, and a
// gap (prev > held: an update was missed, e.g. while reconnecting or when
// the engine leader changed) asks for the full state again.
import type {
  AppDelta,
  AppFull,
  ChainStatus,
  LiveSummary,
  TilesDelta,
  TilesFull,
  VersionedMetric,
  VersionedTile,
} from '../api-types.ts'

export type Applied = 'applied' | 'ignored' | 'gap'

export interface TilesState {
  seq: number
  at: string
  tiles: Map<string, VersionedTile>
  order: string[]
  summary: LiveSummary
}

export interface AppState {
  seq: number
  at: string
  metrics: Map<string, VersionedMetric>
  order: string[]
}

export function tilesFromFull(full: TilesFull): TilesState {
  return {
    seq: full.seq,
    at: full.at,
    tiles: new Map(full.tiles.map((t) => [t.id, t])),
    order: full.tiles.map((t) => t.id),
    summary: full.summary,
  }
}

function judge(held: number, delta: { seq: number; prev: number }): Applied | null {
  if (delta.seq <= held) return 'ignored'
  if (delta.prev > held) return 'gap'
  return null
}

/** Applies a tiles delta in place (a newer version of a tile replaces an older one). */
export function applyTilesDelta(state: TilesState, delta: TilesDelta): Applied {
  const verdict = judge(state.seq, delta)
  if (verdict) return verdict
  for (const t of delta.tiles) {
    const held = state.tiles.get(t.id)
    if (!held) state.order.push(t.id)
    if (!held || held.version <= t.version) state.tiles.set(t.id, t)
  }
  if (delta.chains.length > 0 || delta.chainOrder)
    state.summary = { ...state.summary, chains: mergedChains(state.summary.chains, delta) }
  if (delta.engine) state.summary = { ...state.summary, engine: delta.engine }
  state.seq = delta.seq
  state.at = delta.at
  return 'applied'
}

/** The held chains with the delta's changed ones replaced by id, in the delta's order when it gives one. */
function mergedChains(held: readonly ChainStatus[], delta: TilesDelta): ChainStatus[] {
  const byId = new Map(held.map((c) => [c.id, c]))
  for (const c of delta.chains) byId.set(c.id, c)
  const heldIds = held.map((c) => c.id)
  const known = new Set(heldIds)
  const order = delta.chainOrder ?? [...heldIds, ...delta.chains.map((c) => c.id).filter((id) => !known.has(id))]
  return order.map((id) => byId.get(id)).filter((c): c is ChainStatus => c !== undefined)
}

export function appFromFull(full: AppFull): AppState {
  return {
    seq: full.seq,
    at: full.at,
    metrics: new Map(full.metrics.map((m) => [m.metric, m])),
    order: full.metrics.map((m) => m.metric),
  }
}

export function applyAppDelta(state: AppState, delta: AppDelta): Applied {
  const verdict = judge(state.seq, delta)
  if (verdict) return verdict
  for (const m of delta.metrics) {
    const held = state.metrics.get(m.metric)
    if (!held) state.order.push(m.metric)
    if (!held || held.version <= m.version) state.metrics.set(m.metric, m)
  }
  state.seq = delta.seq
  state.at = delta.at
  return 'applied'
}
