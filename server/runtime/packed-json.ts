// The tiles room's bytes: JSON gzipped once per change for every socket
// (client: client/src/composables/packed.ts). Per-socket permessage-deflate
// compressed the same 200–500 kB once for each of 1 000 walls: the full
// state's ack took 143 s to reach them all and RSS passed 1.2 GB (bench/
// README). zlib's async gzip runs on libuv's thread pool, off the event loop.
import { promisify } from 'node:util'
import { createGzip, gzip } from 'node:zlib'
import { jsonReplacer } from '../security/redact.ts'
import { nextTurn, slicer } from './turns.ts'

const gzipAsync = promisify(gzip)

/**
 * Characters of JSON turned into UTF-8 per event-loop turn. The deflating runs on the thread pool,
 * but Buffer.from(text) runs here: for a 10 000-metric tiles delta or plan (megabytes) that one
 * conversion was a 20-40 ms turn of its own.
 */
const PIECE_CHARS = 256 * 1024

/**
 * A value as JSON for the wire, credentials masked as the socket parser masks every object it sends
 * (live/redacting-parser.ts): bytes pass that parser untouched, so they are redacted here.
 */
export function wireJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer)
}

/**
 * wireJson(value) of an object, the elements of its array fields serialised a slice at a time: a
 * 10 000-metric tiles delta is megabytes of JSON, one JSON.stringify (with the redacting replacer)
 * a 40-130 ms turn. The same text as wireJson(value) (tested).
 */
export async function wireJsonInSlices(value: Readonly<Record<string, unknown>>): Promise<string> {
  const checkpoint = slicer()
  const fields: string[] = []
  for (const [key, field] of Object.entries(value)) {
    let text: string | undefined
    if (Array.isArray(field)) {
      const items: string[] = []
      for (const item of field as unknown[]) {
        items.push(JSON.stringify(item, jsonReplacer) ?? 'null')
        await checkpoint()
      }
      text = `[${items.join(',')}]`
    } else {
      // The field's own key goes to the replacer, as it would inside the whole object.
      let root = true
      text = JSON.stringify(field, (k: string, v: unknown) => {
        const at = root ? key : k
        root = false
        return jsonReplacer(at, v)
      })
    }
    if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${fields.join(',')}}`
}

/** JSON text gzipped, as the bytes a room message or a `watch` ack carries. */
export async function packJson(json: string): Promise<Buffer> {
  if (json.length <= PIECE_CHARS) return gzipAsync(json)
  const gz = createGzip()
  const out: Buffer[] = []
  gz.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    gz.once('end', resolve)
    gz.once('error', reject)
  })
  for (let at = 0; at < json.length;) {
    let end = Math.min(json.length, at + PIECE_CHARS)
    // Never between the two halves of a surrogate pair: each half alone is not valid UTF-8.
    const last = json.charCodeAt(end - 1)
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--
    gz.write(Buffer.from(json.slice(at, end)))
    at = end
    await nextTurn()
  }
  gz.end()
  await done
  return Buffer.concat(out)
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
