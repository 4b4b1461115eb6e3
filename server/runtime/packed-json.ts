// The tiles room's bytes: JSON gzipped once per change for every socket
// (client: client/src/composables/packed.ts). Per-socket permessage-deflate
// compressed the same 200–500 kB once for each of 1 000 walls: the full
// state's ack took 143 s to reach them all and RSS passed 1.2 GB (bench/
// README). zlib's async gzip runs on libuv's thread pool, off the event loop.
import { promisify } from 'node:util'
import { createGzip, gzip } from 'node:zlib'
import { jsonReplacer } from '../security/redact.ts'
import { nextTurn, slicer } from '../turns.ts'

const gzipAsync = promisify(gzip)

/**
 * Characters of JSON turned into UTF-8 per event-loop turn. The deflating runs on the thread pool,
 * but Buffer.from(text) runs here: for a 10 000-metric tiles delta or plan (megabytes) that one
 * conversion was a 20-40 ms turn of its own, and the multi-megabyte string it needed 50-100 more.
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
 * wireJson(value) of an object as pieces of text (joined, the same text as wireJson(value): tested),
 * the elements of its array fields serialised a slice at a time. A 10 000-metric tiles delta is
 * megabytes of JSON: one JSON.stringify with the redacting replacer was a 40-130 ms turn, and even
 * joining the pieces into one string 50-100 ms (a fresh multi-megabyte string), so packJson takes
 * the pieces as they are.
 */
export async function wireJsonPieces(value: Readonly<Record<string, unknown>>): Promise<string[]> {
  const checkpoint = slicer()
  const pieces: string[] = ['{']
  for (const [key, field] of Object.entries(value)) {
    const at = pieces.length
    pieces.push(`${pieces.length > 1 ? ',' : ''}${JSON.stringify(key)}:`)
    if (Array.isArray(field)) {
      pieces.push('[')
      let first = true
      for (const item of field as unknown[]) {
        pieces.push(`${first ? '' : ','}${JSON.stringify(item, jsonReplacer) ?? 'null'}`)
        first = false
        await checkpoint()
      }
      pieces.push(']')
      continue
    }
    // The field's own key goes to the replacer, as it would inside the whole object.
    let root = true
    const text = JSON.stringify(field, (k: string, v: unknown) => {
      const name = root ? key : k
      root = false
      return jsonReplacer(name, v)
    }) as string | undefined
    if (text === undefined) pieces.length = at
    else pieces.push(text)
  }
  pieces.push('}')
  return pieces
}

/** JSON text (whole, or in pieces to be joined) gzipped, as the bytes a room message or a `watch` ack carries. */
export async function packJson(json: string | readonly string[]): Promise<Buffer> {
  if (typeof json === 'string' && json.length <= PIECE_CHARS) return gzipAsync(json)
  const gz = createGzip()
  const out: Buffer[] = []
  gz.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    gz.once('end', resolve)
    gz.on('error', reject)
  })
  // Awaited after the last piece; an error before then must not count as an unhandled rejection.
  done.catch(() => undefined)
  let batch: string[] = []
  let size = 0
  const flush = async (): Promise<void> => {
    if (size === 0) return
    gz.write(Buffer.from(batch.join('')))
    batch = []
    size = 0
    await nextTurn()
  }
  for (const piece of typeof json === 'string' ? [json] : json) {
    for (const part of splitLong(piece)) {
      batch.push(part)
      size += part.length
      if (size >= PIECE_CHARS) await flush()
    }
  }
  await flush()
  gz.end()
  await done
  return Buffer.concat(out)
}

/** A piece longer than PIECE_CHARS in parts, never cut between the two halves of a surrogate pair (each alone is not valid UTF-8). */
function* splitLong(text: string): Generator<string, void> {
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + PIECE_CHARS)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
    yield at === 0 && end === text.length ? text : text.slice(at, end)
    at = end
  }
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
