// The write pipeline between collectors and the store: validate every sample,
// batch (by size or by time), write one batch at a time, retry a failing store
// with backoff while keeping the batch, and bound memory during an outage.
import type { Sample } from '../../collectors/types.ts'
import type { Point } from '../store/types.ts'
import { isStoreRejection } from '../store/errors.ts'
import { backoffDelay } from './backoff.ts'
import { PointQueue } from './point-queue.ts'
import { validateSample } from './validate.ts'
import type { IngestStats, RejectReason, WritePipeline, WritePipelineOptions } from './types.ts'

export type { IngestStats, RejectReason, WritePipeline, WritePipelineOptions } from './types.ts'

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v <= 0) throw new Error(`createWritePipeline(): ${name} must be a number above 0; got ${v}`)
  return v
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}

export function createWritePipeline(opts: WritePipelineOptions): WritePipeline {
  const { store } = opts
  const isKnown = opts.isKnown ?? (() => true)
  const batchSize = Math.floor(positive('batchSize', opts.batchSize, 5000))
  const flushIntervalMs = positive('flushIntervalMs', opts.flushIntervalMs, 1000)
  const maxBuffered = Math.max(batchSize, Math.floor(positive('maxBuffered', opts.maxBuffered, 200_000)))
  const backoff = {
    baseMs: positive('retryBaseMs', opts.retryBaseMs, 200),
    maxMs: positive('retryMaxMs', opts.retryMaxMs, 30_000),
    random: opts.random ?? Math.random,
  }
  const closeTimeoutMs = positive('closeTimeoutMs', opts.closeTimeoutMs, 10_000)

  const queue = new PointQueue()
  const rejected: Partial<Record<RejectReason, number>> = {}
  let accepted = 0
  let written = 0
  let dropped = 0
  let retries = 0
  let lastError: string | null = null
  let inFlight = 0

  let flushWanted = false
  let closing = false
  let closeDeadline = Number.POSITIVE_INFINITY
  let closePromise: Promise<void> | null = null
  let draining: Promise<void> | null = null
  let wake: (() => void) | null = null
  /** pushBulk() callers waiting for room in the buffer. */
  let roomWaiters: Array<() => void> = []

  const timer = setInterval(() => {
    if (queue.length > 0) {
      flushWanted = true
      kick()
    }
  }, flushIntervalMs)
  timer.unref?.()

  function countReject(reason: RejectReason, n: number, sample: Sample, message: string): void {
    rejected[reason] = (rejected[reason] ?? 0) + n
    opts.onReject?.(reason, sample, message)
  }

  function drop(n: number, why: string): void {
    if (n <= 0) return
    dropped += n
    opts.onDrop?.(n, why)
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms)
      function done() {
        clearTimeout(t)
        wake = null
        resolve()
      }
      wake = done
    })
  }

  /** Writes one batch, retrying transient failures; returns when it is stored, refused or abandoned. */
  async function writeBatch(batch: Point[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.write(batch)
        written += batch.length
        try {
          opts.onWritten?.(batch)
        } catch (hookError) {
          lastError = `onWritten hook failed: ${asError(hookError).message}`
        }
        return
      } catch (err) {
        const error = asError(err)
        lastError = error.message
        if (isStoreRejection(err)) {
          // Retrying a refusal fails the same way forever and would block every batch behind it.
          const n = Math.min(batch.length, err.rejectedCount ?? batch.length)
          written += batch.length - n
          // Reported once per batch (with its first sample): the store does not say which points it refused.
          countReject('store-rejected', n, batch[0] as Point, error.message)
          return
        }
        if (closing && Date.now() >= closeDeadline) {
          drop(batch.length + queue.clear(), `store still failing when close() gave up: ${error.message}`)
          return
        }
        retries++
        const delay = backoffDelay(attempt, backoff)
        opts.onRetry?.(error, attempt, delay)
        await sleep(closing ? Math.max(0, Math.min(delay, closeDeadline - Date.now())) : delay)
      }
    }
  }

  function eligible(): boolean {
    return queue.length >= batchSize || (queue.length > 0 && (flushWanted || closing))
  }

  async function drain(): Promise<void> {
    // One batch in flight at a time: the store sees writes in arrival order and
    // a failing store is not hammered by parallel retries.
    while (eligible()) {
      const batch = queue.take(batchSize)
      inFlight = batch.length
      try {
        await writeBatch(batch)
      } finally {
        inFlight = 0
        const waiters = roomWaiters
        roomWaiters = []
        for (const resolve of waiters) resolve()
      }
    }
    if (queue.length === 0) flushWanted = false
  }

  function kick(): void {
    draining ??= drain().finally(() => {
      draining = null
    })
  }

  function hasRoomFor(n: number): boolean {
    return queue.length + inFlight + n <= maxBuffered
  }

  async function pushBulk(samples: readonly Sample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += batchSize) {
      const chunk = samples.slice(i, i + batchSize)
      while (!closing && !hasRoomFor(chunk.length)) {
        flushWanted = true
        kick()
        await new Promise<void>((resolve) => roomWaiters.push(resolve))
      }
      push(chunk)
    }
  }

  async function flush(): Promise<void> {
    while (queue.length > 0 || draining) {
      flushWanted = true
      kick()
      await draining
    }
  }

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
    const over = queue.length + inFlight - maxBuffered
    if (over > 0) drop(queue.dropOldest(over), `more than ${maxBuffered} points buffered (store failing or slower than the collectors)`)
    if (queue.length >= batchSize) kick()
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
        wake?.() // a retry sleeping through backoff tries again now
        for (const resolve of roomWaiters.splice(0)) resolve()
        await flush()
      })()
      return closePromise
    },

    stats(): IngestStats {
      return {
        accepted,
        rejected: { ...rejected },
        written,
        dropped,
        retries,
        buffered: queue.length + inFlight,
        lastError,
      }
    },
  }
}
