// The write pipeline's public shapes: options with their defaults, and the
// stats the server exposes on /api/health and as prom-client metrics.
import type { Sample } from '../../collectors/types.ts'
import type { Point, Store } from '../store/types.ts'
import type { SpoolDrop } from './spool/segment-queue.ts'

export type { SpoolDrop }

/** The disk spool (write-ahead): where and how much. */
export interface SpoolOptions {
  /** Directory of segment files; created if missing, locked against other processes. */
  dir: string
  /** Most bytes on disk; past it the oldest segment is dropped (counted, logged, onSpoolDrop). Default 512 MiB. */
  maxBytes?: number
  /** A segment file is sealed at about this size. Default 1 MiB (at most maxBytes / 4). */
  segmentBytes?: number
  /**
   * 0: fdatasync after every append (survives a power cut, costs a disk flush per push).
   * Otherwise the longest time between an append and its fdatasync; a crash of the
   * process loses nothing either way (the bytes are in the kernel when push() returns).
   * Default 1000.
   */
  fsyncIntervalMs?: number
}

export interface SpoolStats {
  dir: string
  /** Bytes of segment files on disk now. */
  bytes: number
  maxBytes: number
  /** bytes / maxBytes, 0..1. */
  fill: number
  segments: number
  /** Points found on disk at start (left by the previous run) and sent again. */
  replayed: number
  /** Points lost because the spool was full (whole oldest segments). */
  dropped: number
  /** Last disk problem (full disk, unreadable segment), or null. */
  lastError: string | null
}

/** Why a sample never reached the buffer (or the store refused it). */
export type RejectReason =
  | 'not-finite' // value is NaN, ±Infinity or not a number
  | 'invalid-date' // `at` is not a valid Date
  | 'bad-name' // app or metric is empty or not a string
  | 'bad-tags' // a tag key is empty or reserved, or a value is not a string
  | 'unknown-metric' // isKnown(app, metric) said no
  | 'store-rejected' // the store understood the points and refused them (e.g. beyond retention)
  | 'closed' // pushed after close()

export interface WritePipelineOptions {
  store: Store
  /** Is app/metric configured? Drivers are stored with app 'drivers'. Default: everything is known. */
  isKnown?: (app: string, metric: string) => boolean
  /** Write as soon as this many points are buffered. Default 5000. */
  batchSize?: number
  /** Write whatever is buffered at least this often. Default 1000. */
  flushIntervalMs?: number
  /** Most points held in memory (queued + being written); past it the oldest are dropped. Default 200 000. */
  maxBuffered?: number
  /**
   * Batches handed to the store at once. Default 2: the next batch is built
   * while the previous one is on the wire. 1 gives strict write order even
   * across retries (with 2, a retried batch may land after a newer one).
   */
  maxInFlight?: number
  /** First retry delay; doubles per attempt up to retryMaxMs, with jitter. Default 200. */
  retryBaseMs?: number
  /** Default 30 000. */
  retryMaxMs?: number
  /** How long close() keeps retrying a failing store before giving up on what is left. Default 10 000. */
  closeTimeoutMs?: number
  /** Random source for jitter, injectable for tests. Default Math.random. */
  random?: () => number
  /** Points that are now in the store, for the live cache. */
  onWritten?: (points: readonly Point[]) => void
  /**
   * Rejected samples, with a sentence for logs such as "unknown metric ggsn-north/foo".
   * Called once per sample (count 1), except 'store-rejected': once per refused
   * batch, with its first sample and how many points the store refused.
   */
  onReject?: (reason: RejectReason, sample: Sample, message: string, count: number) => void
  /** A store write failed and will be retried after delayMs. */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void
  /** Points thrown away to keep memory bounded (or left over when close() gave up). */
  onDrop?: (count: number, why: string) => void
  /** Write every accepted point to disk before push() returns; null/absent = memory only. */
  spool?: SpoolOptions | null
  /** The spool was full and its oldest segment was dropped. */
  onSpoolDrop?: (drop: SpoolDrop) => void
  /** The spool's disk refused a write or read (points are kept in memory meanwhile), or a torn segment was found at start. */
  onSpoolProblem?: (message: string) => void
}

export interface IngestStats {
  /** Samples that passed validation. */
  accepted: number
  rejected: Partial<Record<RejectReason, number>>
  /** Points the store confirmed. */
  written: number
  /** Accepted points never written: dropped for memory or at close. */
  dropped: number
  /** Store write attempts that failed and were retried. */
  retries: number
  /** Accepted points the store has not confirmed yet (queued, in flight, or on disk only). */
  buffered: number
  /** Points left in the spool by close() (sent at the next start). */
  spooledAtClose: number
  /** Last store error message, or null. */
  lastError: string | null
  /** Time of the last store write that succeeded (ms since epoch), or null. */
  lastWriteAt: number | null
  /** Since when store writes have been failing (first failure since the last success), or null. */
  writeFailingSince: number | null
  /** The disk spool, or null when the pipeline keeps points in memory only. */
  spool: SpoolStats | null
}

export interface WritePipeline {
  /** For collectors: never blocks; past maxBuffered the oldest points are dropped. */
  push(samples: readonly Sample[]): void
  /**
   * For bulk sources (start-up backfill, CSV import): pushes in batch-sized
   * chunks and waits for room instead of letting its own volume push points
   * out. Resolves when everything is buffered (not yet written: call flush()).
   * While the store is down it waits; close() releases it.
   */
  pushBulk(samples: readonly Sample[]): Promise<void>
  /** Resolves once every point buffered so far (and any pushed meanwhile) is written. */
  flush(): Promise<void>
  /**
   * Stops the timer and writes what is left, retrying until closeTimeoutMs;
   * then gives up on writes still waiting (a stalled store) and resolves. With
   * a spool nothing is lost: what was not written stays on disk for the next start.
   * `deadlineAt` (ms since epoch) gives up earlier, so a whole stop fits its budget.
   */
  close(deadlineAt?: number): Promise<void>
  stats(): IngestStats
}
