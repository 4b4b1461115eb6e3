// Pushes that go to every socket (the tiles room, alerts, the upgrade plan)
// as gzipped JSON bytes, packed once for all of them: at 1 000 walls the
// alerts state (56 kB) and the plan (600 kB) were written out whole to every
// socket on each change. Packing runs on the thread pool, so a push is sent
// after it; pushes of one event keep their order. The browser reads them
// with client/src/composables/packed.ts.
import type { Server } from 'socket.io'
import { packJson, wireJson } from '../runtime/packed-json.ts'
import { nextTurn } from '../turns.ts'

/** Sockets written per turn of the event loop when a room's push is handed out in turns (200 held it 15–25 ms a turn at 1 000 sockets). */
export const SOCKETS_PER_TURN = 100

/**
 * A sender of one event's pushes: serialises the value now (it may change while gzip runs), packs
 * it, then hands the bytes to `send`, in call order. If packing ever fails the value goes as it is
 * (socket.io's own JSON, which clients also read) rather than not at all.
 */
export function packedSender<T>(
  send: (payload: Buffer | T) => void | Promise<void>,
): (value: T, json?: string | readonly string[] | Promise<string | readonly string[]>) => void {
  let queue: Promise<void> = Promise.resolve()
  // `json`: the value's wireJson() when the caller already has it (it need not be serialised twice),
  // or is making it a slice at a time (wireJsonPieces); pieces are packed without being joined.
  return (value, json = wireJson(value)) => {
    // A serialisation still under way that fails is awaited (and falls back) in its turn; until
    // then its rejection must not count as unhandled.
    if (json instanceof Promise) json.catch(() => undefined)
    queue = queue.then(async () => {
      let bytes: Buffer | null = null
      try {
        bytes = await packJson(await json)
      } catch {
        bytes = null
      }
      await send(bytes ?? value)
    })
  }
}

/**
 * Emits to a room's sockets on this server a group per event-loop turn: writing one push to
 * 1 000 sockets in one go held the loop 100–150 ms. The bytes are encoded once per turn's group.
 * `room` null means every socket on this server. Local only: with the Redis adapter a room
 * broadcast meant for every server must go through the adapter instead.
 */
export async function emitInTurns(
  io: Server,
  room: string | null,
  event: string,
  payload: unknown,
  perTurn = SOCKETS_PER_TURN,
): Promise<void> {
  const ids = room === null ? [...io.sockets.sockets.keys()] : [...(io.sockets.adapter.rooms.get(room) ?? [])]
  for (let i = 0; i < ids.length; i += perTurn) {
    if (i > 0) await nextTurn()
    // A socket that left meanwhile is skipped; one that joined has a full state newer than this push.
    io.local
      .to(ids.slice(i, i + perTurn))
      .compress(false)
      .emit(event, payload)
  }
}
