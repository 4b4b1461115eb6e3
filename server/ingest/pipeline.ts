// The write pipeline between collectors and the store: validate every sample,
// batch (by size or by time), write with retries and backoff while keeping
// the batch, and bound memory during an outage.
import type { Sample } from '../../collectors/types.ts'
import type { Point } from '../store/types.ts'
import { PointQueue } from './point-queue.ts'
import { createRetryWriter } from './retry-writer.ts'
import { validateSample } from './validate.ts'
import type { IngestStats, RejectReason, WritePipeline, WritePipelineOptions } from './types.ts'

export type { IngestStats, RejectReason, WritePipeline, WritePipelineOptions } from './types.ts'

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v <= 0) throw new Error(`createWritePipeline(): ${name} must be a number above 0; got ${v}`)
  return v
}

export function createWritePipeline(opts: WritePipelineOptions): WritePipeline {
  const isKnown = opts.isKnown ?? (() => true)
  const batchSize = Math.floor(positive('batchSize', opts.batchSize, 5000))
  const flushIntervalMs = positive('flushIntervalMs', opts.flushIntervalMs, 1000)
  const maxBuffered = Math.max(batchSize, Math.floor(positive('maxBuffered', opts.maxBuffered, 200_000)))
  const maxInFlight = Math.floor(positive('maxInFlight', opts.maxInFlight, 2))
  const closeTimeoutMs = positive('closeTimeoutMs', opts.closeTimeoutMs, 10_000)

  const queue = new PointQueue()
  const rejected: Partial<Record<RejectReason, number>> = {}
  let accepted = 0
  let written = 0
  let dropped = 0
  let retries = 0
  let lastError: string | null = null
  let inFlightPoints = 0
  let inFlightBatches = 0

  let flushWanted = false
  let closing = false
  let closeDeadline = Number.POSITIVE_INFINITY
  let closePromise: Promise<void> | null = null
  /** flush() and pushBulk() callers, woken whenever a batch finishes. */
  const progressWaiters: Array<() => void> = []

  const writer = createRetryWriter({
    store: opts.store,
    backoff: {
      baseMs: positive('retryBaseMs', opts.retryBaseMs, 200),
      maxMs: positive('retryMaxMs', opts.retryMaxMs, 30_000),
      random: opts.random ?? Math.random,
    },
    onFailure: (error) => {
      lastError = error.message
    },
    onRetry: (error, attempt, delayMs) => {
      retries++
      safely(() => opts.onRetry?.(error, attempt, delayMs))
    },
    timeLeft: () => (closing ? closeDeadline - Date.now() : Number.POSITIVE_INFINITY),
  })

  const timer = setInterval(() => {
    if (queue.length > 0) {
      flushWanted = true
      pump()
    }
  }, flushIntervalMs)
  timer.unref?.()

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
    return queue.length >= batchSize || (queue.length > 0 && (flushWanted || closing))
  }

  async function writeOne(batch: Point[]): Promise<void> {
    const outcome = await writer.write(batch)
    if (outcome.kind === 'written') {
      written += batch.length
      safely(() => opts.onWritten?.(batch))
    } else if (outcome.kind === 'rejected') {
      // Retrying a refusal fails the same way forever and would block every batch behind it.
      written += batch.length - outcome.count
      // Reported once per batch (with its first sample): the store does not say which points it refused.
      countReject('store-rejected', outcome.count, batch[0] as Point, outcome.error.message)
    } else {
      drop(batch.length + queue.clear(), `store still failing when close() gave up: ${outcome.error.message}`)
    }
  }

  /**
   * Starts batches while there is work and a free slot. Two in flight (the
   * default) lets the next batch be validated and serialised while the
   * previous one is on the wire; the stores still send one request at a time
   * (DuckDB's serial queue, InfluxDB's ordered POST chain).
   */
  function pump(): void {
    while (inFlightBatches < maxInFlight && eligible()) {
      const batch = queue.take(batchSize)
      inFlightBatches++
      inFlightPoints += batch.length
      void writeOne(batch).finally(() => {
        inFlightBatches--
        inFlightPoints -= batch.length
        if (queue.length === 0) flushWanted = false
        for (const wake of progressWaiters.splice(0)) wake()
        pump()
      })
    }
  }

  const nextProgress = () => new Promise<void>((resolve) => progressWaiters.push(resolve))

  function push(samples: readonly Sample[]): void {
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
      accepted++
      queue.push(sample)
    }
    // Past the bound the OLDEST points go: during a long outage the newest
    // values are what the live view and alerts need, and old history can be
    // backfilled or re-imported later (writes are idempotent).
    const over = queue.length + inFlightPoints - maxBuffered
    if (over > 0)
      drop(queue.dropOldest(over), `more than ${maxBuffered} points buffered (store failing or slower than the collectors)`)
    pump()
  }

  async function pushBulk(samples: readonly Sample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += batchSize) {
      const chunk = samples.slice(i, i + batchSize)
      while (!closing && queue.length + inFlightPoints + chunk.length > maxBuffered) {
        flushWanted = true
        pump()
        await nextProgress()
      }
      push(chunk)
    }
  }

  async function flush(): Promise<void> {
    while (queue.length > 0 || inFlightBatches > 0) {
      flushWanted = true
      pump()
      await nextProgress()
    }
  }

  return {
    push,
    pushBulk,
    flush,
    close() {
      closePromise ??= (async () => {
        closing = true
        clearInterval(timer)
        closeDeadline = Date.now() + closeTimeoutMs
        writer.wakeAll() // a retry sleeping through backoff tries again now
        for (const wake of progressWaiters.splice(0)) wake()
        await flush()
      })()
      return closePromise
    },
    stats: (): IngestStats => ({
      accepted,
      rejected: { ...rejected },
      written,
      dropped,
      retries,
      buffered: queue.length + inFlightPoints,
      lastError,
    }),
  }
}
