// The tiles room's bytes: JSON gzipped once per change for every socket
// (client: client/src/composables/packed.ts). Per-socket permessage-deflate
// compressed the same 200–500 kB once for each of 1 000 walls: the full
// state's ack took 143 s to reach them all and RSS passed 1.2 GB (bench/
// README). zlib's async gzip runs on libuv's thread pool, off the event loop.
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import { jsonReplacer } from '../security/redact.ts'

const gzipAsync = promisify(gzip)

/**
 * A value as JSON for the wire, credentials masked as the socket parser masks every object it sends
 * (live/redacting-parser.ts): bytes pass that parser untouched, so they are redacted here.
 */
export function wireJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer)
}

/** JSON text gzipped, as the bytes a room message or a `watch` ack carries. */
export function packJson(json: string): Promise<Buffer> {
  return gzipAsync(json)
}

/** A value's packed bytes computed once per key (a state's seq), however many sockets ask meanwhile. */
export function packedOnce<K>(): (key: K, json: () => string | null) => Promise<Buffer | null> {
  let held: { key: K; bytes: Promise<Buffer | null> } | null = null
  return (key, json) => {
    if (held && Object.is(held.key, key)) return held.bytes
    const text = json()
    const bytes = text === null ? Promise.resolve(null) : packJson(text)
    held = { key, bytes }
    return bytes
  }
}
