// Streams a raw request body to a temp file with a hard size limit, so a
// 50 MB forecast never sits in memory and a 5 GB mistake stops at the limit.
// The limit is checked against Content-Length up front (a quick 413) and
// against the bytes actually received (clients may lie or stream chunked).
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Request } from 'express'
import { HttpError } from './errors.ts'

export interface StoredUpload {
  dir: string
  path: string
  bytes: number
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`
  return `${n} bytes`
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `The upload is larger than the ${formatBytes(limit)} limit; split the file, or import it on the server with "headroom import FILE" (or raise HEADROOM_IMPORT_MAX_BYTES).`,
  )
}

/** Only letters, digits, dot, dash and underscore survive: the name becomes a path and appears in error lines. */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '')
  return clean === '' ? fallback : clean.slice(0, 120)
}

export async function receiveUpload(req: Request, name: string, limit: number): Promise<StoredUpload> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    req.resume()
    throw tooLarge(limit)
  }
  const dir = await mkdtemp(join(tmpdir(), 'headroom-upload-'))
  const path = join(dir, name)
  let bytes = 0
  const counter = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      bytes += chunk.length
      if (bytes > limit) done(tooLarge(limit))
      else done(null, chunk)
    },
  })
  try {
    // Not pipeline(req, ...): that would destroy the request socket on the
    // limit error, and the client would see a reset instead of the 413 sentence.
    req.pipe(counter)
    req.once('close', () => {
      if (!req.complete) counter.destroy(new Error('client went away'))
    })
    req.once('error', (err) => counter.destroy(err))
    await pipeline(counter, createWriteStream(path))
  } catch (err) {
    req.unpipe(counter)
    // Drain what is left so the 413 reaches a client still sending.
    req.resume()
    await rm(dir, { recursive: true, force: true })
    if (err instanceof HttpError) throw err
    throw new HttpError(400, `The upload to ${req.method} ${req.path} was interrupted before it finished.`)
  }
  return { dir, path, bytes }
}
