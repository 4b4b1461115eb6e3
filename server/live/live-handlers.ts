// Live state by room. A page says what it shows with the socket command
// `watch` ({ view: 'tiles' } for the wall and overview, { view: 'app', id }
// for an application page; `unwatch` the same): the ack carries the full
// state of that view once (JSON bytes, serialised once per change however
// many sockets ask), then the room gets only deltas: `tiles` (changed tiles,
// chains and engine summary) and `app` (changed metrics of one application).
// A room broadcast is encoded once for all its sockets (and, with the Redis
// adapter, reaches the sockets of every server).
import type { Server, Socket } from 'socket.io'
import type { AppDelta, TilesDelta } from '../capacity/snapshot/live-view.ts'
import type { Ack } from '../http/api-types/collectors.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { registerCommand } from './commands.ts'
import { emitInTurns, packedSender } from './packed-emit.ts'
import { wireJsonPieces } from '../runtime/packed-json.ts'

export interface LiveDeltaSource {
  seq: number
  tiles: TilesDelta | null
  apps: AppDelta[]
}

export interface LiveHandlerDeps {
  /** Full tiles state as JSON bytes, or null before the first snapshot. */
  tilesFull(): Promise<Uint8Array | null>
  /** One application's full state as JSON bytes, or null when unknown or not computed yet. */
  appFull(id: string): Promise<Uint8Array | null>
  /** Every delta this server computes (the engine leader's, in a cluster); returns the unsubscribe. */
  onDelta(listener: (delta: LiveDeltaSource) => void): () => void
  /** False: emit an application's delta only when a socket of this server watches it (no other server can). */
  clustered: boolean
  /** Counts each push broadcast (headroom_snapshot_pushes_total). */
  counted(): void
}

type Watch = { view: 'tiles' } | { view: 'app'; id: string }

function parseWatch(payload: unknown): Watch | null {
  if (typeof payload !== 'object' || payload === null || !('view' in payload)) return null
  if (payload.view === 'tiles') return { view: 'tiles' }
  if (payload.view === 'app' && 'id' in payload && typeof payload.id === 'string' && payload.id !== '')
    return { view: 'app', id: payload.id }
  return null
}

export const roomOf = (w: Watch): string => (w.view === 'tiles' ? 'tiles' : `app:${w.id}`)

/** `watch`: the view's full state in the ack, then the room's deltas. A read: display tokens may watch. */
async function watch(socket: Socket, deps: LiveHandlerDeps, payload: unknown): Promise<Ack<unknown>> {
  const w = parseWatch(payload)
  if (!w) return { ok: false, error: 'watch needs { view: "tiles" } or { view: "app", id: "<application id>" }' }
  const full = await (w.view === 'tiles' ? deps.tilesFull() : deps.appFull(w.id))
  if (!full)
    return {
      ok: false,
      error: w.view === 'app' ? `no application "${w.id}" in the live state (yet)` : 'the first snapshot is still being computed',
    }
  // Join first: a delta computed from now on reaches this socket; one older than the full state is ignored by its seq.
  await socket.join(roomOf(w))
  return { ok: true, data: full }
}

async function unwatch(socket: Socket, payload: unknown): Promise<Ack<unknown>> {
  const w = parseWatch(payload)
  if (!w) return { ok: false, error: 'unwatch needs { view: "tiles" } or { view: "app", id: "<application id>" }' }
  await socket.leave(roomOf(w))
  return { ok: true, data: null }
}

export function registerLiveHandlers(io: Server, deps: LiveHandlerDeps, tokens: TokenRegistry): () => void {
  registerCommand(io, tokens, { name: 'watch', access: 'read', handle: (payload, { socket }) => watch(socket, deps, payload) })
  registerCommand(io, tokens, { name: 'unwatch', access: 'read', handle: (payload, { socket }) => unwatch(socket, payload) })
  // Tiles deltas go gzipped, once for the whole room, and in the order they were computed; a server
  // alone hands them out a group of sockets per turn, a cluster's leader through the adapter.
  const sendTiles = packedSender<TilesDelta>(async (payload) => {
    if (deps.clustered) io.to('tiles').compress(false).emit('tiles', payload)
    else await emitInTurns(io, 'tiles', 'tiles', payload)
    deps.counted()
  })
  return deps.onDelta((delta) => {
    if (delta.tiles) {
      const tiles = { ...delta.tiles, sentAt: Date.now() }
      // Begun now, a slice per turn: the delta's tiles and chains are replaced, never changed, by later ticks.
      sendTiles(tiles, wireJsonPieces(tiles))
    }
    for (const d of delta.apps) {
      const room = `app:${d.app}`
      if (!deps.clustered && !io.sockets.adapter.rooms.has(room)) continue
      io.to(room)
        .compress(false)
        .emit('app', { ...d, sentAt: Date.now() })
    }
  })
}
