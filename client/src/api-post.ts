// POST for commands (run a collector, run a scenario, move an upgrade) when
// the socket is down, and the narrowing of a socket command's ack.
import { sendJson } from './api-send.ts'

export function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  return sendJson<T>('POST', path, body)
}

/** Narrows a socket ack to its one shape, `{ ok: true, data } | { ok: false, error }`. */
export function ackData<T>(name: string, ack: unknown): T {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack))
    throw new Error(`${name}: the server answered with an unreadable ack`)
  if (ack.ok === true && 'data' in ack) return ack.data as T
  if ('error' in ack && typeof ack.error === 'string') throw new Error(`${name}: ${ack.error}`)
  throw new Error(`${name}: the server refused without saying why`)
}
