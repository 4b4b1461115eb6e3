// On-disk format of spool segments: a sequence of frames, one per push.
//   [u32 payload length][u32 CRC-32 of the payload][u32 point count][payload: JSON rows]
// A row is [app, metric, value, epoch ms, tags?]. The checksum lets replay
// tell a frame torn by a crash (or a bad sector) from a good one: reading
// stops at the first frame that is short or does not match, so a half-written
// tail never becomes points. The count in the header lets a restart size the
// backlog by checking checksums only, without parsing every row.
import { crc32 } from 'node:zlib'
import type { Point } from '../../store/types.ts'

export const FRAME_HEADER_BYTES = 12
/** A frame larger than this is corruption, not data (a push is at most a few MB). */
const MAX_FRAME_BYTES = 256 * 1024 * 1024

type Row = [string, string, number, number] | [string, string, number, number, Record<string, string>]

/** Header and payload of one frame, kept apart so they go to the file with one writev and no copy. */
export function encodeFrameParts(points: readonly Point[]): [Buffer, Buffer] {
  const rows: Row[] = new Array<Row>(points.length)
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point
    rows[i] = p.tags ? [p.app, p.metric, p.value, p.at.getTime(), p.tags] : [p.app, p.metric, p.value, p.at.getTime()]
  }
  const payload = Buffer.from(JSON.stringify(rows), 'utf8')
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES)
  header.writeUInt32LE(payload.length, 0)
  header.writeUInt32LE(crc32(payload), 4)
  header.writeUInt32LE(points.length, 8)
  return [header, payload]
}

export function encodeFrame(points: readonly Point[]): Buffer {
  const rows: Row[] = new Array<Row>(points.length)
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point
    rows[i] = p.tags ? [p.app, p.metric, p.value, p.at.getTime(), p.tags] : [p.app, p.metric, p.value, p.at.getTime()]
  }
  const payload = Buffer.from(JSON.stringify(rows), 'utf8')
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length)
  frame.writeUInt32LE(payload.length, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  frame.writeUInt32LE(points.length, 8)
  payload.copy(frame, FRAME_HEADER_BYTES)
  return frame
}

export interface ScannedSegment {
  /** Points in the whole, checked frames. */
  count: number
  /** Bytes of whole, checked frames; anything after is torn or corrupt. */
  goodBytes: number
  /** Why reading stopped before the end of the buffer, or null when every byte was a good frame. */
  problem: string | null
}

/** Walks the frames, checking lengths and checksums, without parsing rows. */
export function scanFrames(data: Buffer): ScannedSegment {
  let count = 0
  let offset = 0
  while (offset < data.length) {
    if (data.length - offset < FRAME_HEADER_BYTES) return { count, goodBytes: offset, problem: 'torn frame header' }
    const length = data.readUInt32LE(offset)
    if (length > MAX_FRAME_BYTES) return { count, goodBytes: offset, problem: `frame length ${length} is not plausible` }
    const end = offset + FRAME_HEADER_BYTES + length
    if (end > data.length) return { count, goodBytes: offset, problem: 'torn frame (shorter than its header says)' }
    if (crc32(data.subarray(offset + FRAME_HEADER_BYTES, end)) !== data.readUInt32LE(offset + 4))
      return { count, goodBytes: offset, problem: 'checksum mismatch' }
    count += data.readUInt32LE(offset + 8)
    offset = end
  }
  return { count, goodBytes: offset, problem: null }
}

function isRow(v: unknown): v is Row {
  return (
    Array.isArray(v) &&
    (v.length === 4 || v.length === 5) &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'string' &&
    typeof v[2] === 'number' &&
    typeof v[3] === 'number'
  )
}

function toPoint(row: Row): Point {
  const point: Point = { app: row[0], metric: row[1], value: row[2], at: new Date(row[3]) }
  if (row.length === 5) point.tags = row[4]
  return point
}

/**
 * The points of the first `goodBytes` bytes (as found by scanFrames). Throws
 * when a checked frame does not parse: the checksum matched, so that is a
 * bug in the writer, not a torn write.
 */
export function decodeFrames(data: Buffer, goodBytes: number): Point[] {
  const points: Point[] = []
  let offset = 0
  while (offset < goodBytes) {
    const length = data.readUInt32LE(offset)
    const end = offset + FRAME_HEADER_BYTES + length
    const rows: unknown = JSON.parse(data.subarray(offset + FRAME_HEADER_BYTES, end).toString('utf8'))
    if (!Array.isArray(rows)) throw new Error(`spool frame at byte ${offset} is not a list of rows`)
    for (const row of rows) {
      if (!isRow(row)) throw new Error(`spool frame at byte ${offset} has a row of the wrong shape`)
      points.push(toPoint(row))
    }
    offset = end
  }
  return points
}
