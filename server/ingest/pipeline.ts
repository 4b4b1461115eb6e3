// The write pipeline between collectors and the store: validate every sample,
// append it to the disk spool before push() returns, batch (by size or by
// time), write with retries and backoff, and delete from the spool only what
// the store confirmed. Memory and disk are each bounded.
import type { Sample } from '../../collectors/types.ts'
import type { Point } from '../store/types.ts'
import { createRetryWriter } from './retry-writer.ts'
import { SegmentQueue, type Batch } from './spool/segment-queue.ts'
import { SpoolDir } from './spool/spool-dir.ts'
import { validateSample } from './validate.ts'
import type { IngestStats, RejectReason, SpoolStats, WritePipeline, WritePipelineOptions } from './types.ts'

export type { IngestStats, RejectReason, SpoolDrop, SpoolOptions, WritePipeline, WritePipelineOptions } from './types.ts'

export const DEFAULT_SPOOL_MAX_BYTES = 512 * 1024 * 1024
const DEFAULT_SEGMENT_BYTES = 1024 * 1024

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v <= 0) throw new Error(`createWritePipeline(): ${name} must be a number above 0; got ${v}`)
  return v
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < 0) throw new Error(`createWritePipeline(): ${name} must be a number of at least 0; got ${v}`)
  return v
}

/** Throws SpoolLockedError when another live process holds the spool directory. */
export function createWritePipeline(opts: WritePipelineOptions): WritePipeline {
  const isKnown = opts.isKnown ?? (() => true)
  const batchSize = Math.floor(positive('batchSize', opts.batchSize, 5000))
  const flushIntervalMs = positive('flushIntervalMs', opts.flushIntervalMs, 1000)
  const maxBuffered = Math.max(batchSize, Math.floor(positive('maxBuffered', opts.maxBuffered, 200_000)))
  const maxInFlight = Math.floor(positive('maxInFlight', opts.maxInFlight, 2))
  const closeTimeoutMs = positive('closeTimeoutMs', opts.closeTimeoutMs, 10_000)
  const spoolMaxBytes = Math.floor(positive('spool.maxBytes', opts.spool?.maxBytes, DEFAULT_SPOOL_MAX_BYTES))
  const segmentBytes = Math.min(
    Math.floor(positive('spool.segmentBytes', opts.spool?.segmentBytes, DEFAULT_SEGMENT_BYTES)),
    Math.max(1, Math.floor(spoolMaxBytes / 4)),
  )
  const fsyncIntervalMs = nonNegative('spool.fsyncIntervalMs', opts.spool?.fsyncIntervalMs, 1000)

  const rejected: Partial<Record<RejectReason, number>> = {}
  let accepted = 0
  let written = 0
  let dropped = 0
  let spoolDropped = 0
  let retries = 0
  let lastError: string | null = null
  let spoolError: string | null = null
  let lastWriteAt: number | null = null
  let failingSince: number | null = null
  let spooledAtClose = 0
  let inFlightBatches = 0
  let loadingHead = false

  let flushWanted = false
  let closing = false
  const giveUp = new AbortController()
  let closePromise: Promise<void> | null = null
  /** flush() and pushBulk() callers, woken whenever a batch finishes. */
  const progressWaiters: Array<() => void> = []

  const queue = new SegmentQueue({
    disk: opts.spool ? new SpoolDir(opts.spool.dir, fsyncIntervalMs) : null,
    maxBytes: spoolMaxBytes,
    segmentBytes,
    maxInMemory: maxBuffered,
    onSpoolDrop: (lost) => {
      spoolDropped += lost.points
      drop(lost.points, lost.reason)
      safely(() => opts.onSpoolDrop?.(lost))
    },
    onMemoryDrop: (n, why) => drop(n, why),
    onDiskError: (message) => {
      spoolError = message
      safely(() => opts.onSpoolProblem?.(message))
    },
  })
  for (const problem of queue.open()) {
    spoolError = problem
    safely(() => opts.onSpoolProblem?.(problem))
  }

  const writer = createRetryWriter({
    store: opts.store,
    backoff: {
      baseMs: positive('retryBaseMs', opts.retryBaseMs, 200),
      maxMs: positive('retryMaxMs', opts.retryMaxMs, 30_000),
      random: opts.random ?? Math.random,
    },
    onFailure: (error) => {
      lastError = error.message
      failingSince ??= Date.now()
    },
    onRetry: (error, attempt, delayMs) => {
      retries++
      safely(() => opts.onRetry?.(error, attempt, delayMs))
    },
    giveUp: giveUp.signal,
  })

  const timer = setInterval(() => {
    if (queue.length > 0) {
      flushWanted = true
      pump()
    }
  }, flushIntervalMs)
  timer.unref?.()
  const syncTimer = opts.spool && fsyncIntervalMs > 0 ? setInterval(() => queue.sync(), fsyncIntervalMs) : null
  syncTimer?.unref?.()

  /** A throwing hook must not stop ingestion; its error shows up as lastError. */
  function safely(hook: () => void): void {
    try {
      hook()
    } catch (err) {
      lastError = `ingest hook failed: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  function countReject(reason: RejectReason, n: number, sample: Sample, message: string): void {
    rejected[reason] = (rejected[reason] ?? 0) + n
    safely(() => opts.onReject?.(reason, sample, message, n))
  }

  function drop(n: number, why: string): void {
    if (n <= 0) return
    dropped += n
    safely(() => opts.onDrop?.(n, why))
  }

  function eligible(): boolean {
    if (giveUp.signal.aborted) return false
    return queue.length >= batchSize || (queue.length > 0 && (flushWanted || closing))
  }

  async function writeOne(batch: Batch): Promise<void> {
    const outcome = await writer.write(batch.points)
    if (outcome.kind === 'written') {
      queue.settle(batch)
      written += batch.points.length
      lastWriteAt = Date.now()
      failingSince = null
      safely(() => opts.onWritten?.(batch.points))
    } else if (outcome.kind === 'rejected') {
      // Retrying a refusal fails the same way forever and would block every batch behind it.
      queue.settle(batch)
      written += batch.points.length - outcome.count
      // Reported once per batch (with its first sample): the store does not say which points it refused.
      countReject('store-rejected', outcome.count, batch.points[0] as Point, outcome.error.message)
    }
    // 'abandoned': close() ran out of time. The batch stays unsettled, so its
    // segment file stays on disk and the next start sends it again.
  }

  /**
   * Starts batches while there is work and a free slot. Two in flight (the
   * default) lets the next batch be validated and serialised while the
   * previous one is on the wire; the stores still send one request at a time
   * (DuckDB's serial queue, InfluxDB's ordered POST chain).
   */
  function pump(): void {
    while (inFlightBatches < maxInFlight && eligible()) {
      if (!queue.headReady()) {
        if (!loadingHead) {
          loadingHead = true
          void queue.loadHead().finally(() => {
            loadingHead = false
            pump()
          })
        }
        return
      }
      const batch = queue.take(batchSize)
      if (batch.points.length === 0) return
      inFlightBatches++
      void writeOne(batch).finally(() => {
        inFlightBatches--
        if (queue.length === 0) flushWanted = false
        for (const wake of progressWaiters.splice(0)) wake()
        pump()
      })
    }
  }

  const nextProgress = () => new Promise<void>((resolve) => progressWaiters.push(resolve))

  function push(samples: readonly Sample[]): void {
    const good: Sample[] = []
    for (const sample of samples) {
      if (closing) {
        countReject('closed', 1, sample, `sample of ${sample.app}/${sample.metric} arrived after the write pipeline closed`)
        continue
      }
      const problem = validateSample(sample, isKnown)
      if (problem) {
        countReject(problem.reason, 1, sample, problem.message)
        continue
      }
      good.push(sample)
    }
    accepted += good.length
    // On disk (with a spool) before this returns: that is what "accepted" promises.
    queue.append(good)
    pump()
  }

  async function pushBulk(samples: readonly Sample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += batchSize) {
      const chunk = samples.slice(i, i + batchSize)
      while (!closing && queue.pending + chunk.length > maxBuffered) {
        flushWanted = true
        pump()
        await nextProgress()
      }
      push(chunk)
    }
  }

  async function flush(): Promise<void> {
    while ((queue.length > 0 && !giveUp.signal.aborted) || inFlightBatches > 0 || loadingHead) {
      flushWanted = true
      pump()
      await nextProgress()
    }
  }

  function spoolStats(): SpoolStats | null {
    if (!opts.spool) return null
    const q = queue.stats()
    return {
      dir: opts.spool.dir,
      bytes: q.bytes,
      maxBytes: spoolMaxBytes,
      fill: Math.min(1, q.bytes / spoolMaxBytes),
      segments: q.segments,
      replayed: q.replayed,
      dropped: spoolDropped,
      lastError: spoolError,
    }
  }

  return {
    push,
    pushBulk,
    flush,
    close(deadlineAt?: number) {
      closePromise ??= (async () => {
        closing = true
        clearInterval(timer)
        if (syncTimer) clearInterval(syncTimer)
        const budget = Math.min(closeTimeoutMs, deadlineAt === undefined ? Infinity : deadlineAt - Date.now())
        const deadline = setTimeout(() => giveUp.abort(), Math.max(0, budget))
        writer.wakeAll() // a retry sleeping through backoff tries again now
        for (const wake of progressWaiters.splice(0)) wake()
        await flush()
        clearTimeout(deadline)
        const left = queue.close()
        spooledAtClose = left.spooled
        drop(left.lost, 'store still failing when close() gave up')
      })()
      return closePromise
    },
    stats: (): IngestStats => ({
      accepted,
      rejected: { ...rejected },
      written,
      dropped,
      retries,
      buffered: queue.pending,
      spooledAtClose,
      lastError,
      lastWriteAt,
      writeFailingSince: failingSince,
      spool: spoolStats(),
    }),
  }
}
