// A push as a socket.io client in Node gets it: gzipped JSON bytes (the big
// broadcasts, server/live/packed-emit.ts), JSON bytes, or a plain object.
import { gunzipSync } from 'node:zlib'

export function unpack<T>(payload: unknown): T {
  if (!(payload instanceof Uint8Array)) return payload as T
  const gz = payload[0] === 0x1f && payload[1] === 0x8b
  return JSON.parse((gz ? gunzipSync(payload) : Buffer.from(payload)).toString('utf8')) as T
}
