// Writes one batch to the store, retrying transient failures with backoff and
// keeping the batch, until it is stored, refused (retrying cannot help) or
// abandoned (close() ran out of time). Several batches may be in flight, so
// sleeps are tracked as a set that close() can cut short. A store that hangs
// (InfluxDB stalled: the TCP connection is accepted, no answer comes) must
// not hold shutdown past its deadline, so every attempt races `giveUp`.
import type { Point, Store } from '../store/types.ts'
import { isStoreRejection } from '../store/errors.ts'
import { backoffDelay, type BackoffOptions } from './backoff.ts'

export type WriteOutcome =
  { kind: 'written' } | { kind: 'rejected'; count: number; error: Error } | { kind: 'abandoned'; error: Error }

export interface RetryWriterOptions {
  store: Store
  backoff: BackoffOptions
  /** Called on every failed attempt, before deciding what to do. */
  onFailure: (error: Error) => void
  /** A retry is scheduled after delayMs. */
  onRetry: (error: Error, attempt: number, delayMs: number) => void
  /** Aborted when close() runs out of time: the attempt in progress and any backoff end as 'abandoned'. */
  giveUp: AbortSignal
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}

/** Calls write() now (not a microtask later), with a synchronous throw turned into a rejection. */
function startWrite(store: Store, batch: Point[]): Promise<void> {
  try {
    return store.write(batch)
  } catch (err) {
    return Promise.reject(asError(err))
  }
}

/** Resolves true when `signal` aborts first; the write's own outcome (or rejection) otherwise. */
async function untilGiveUp(write: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) {
    write.catch(() => undefined)
    return true
  }
  let onAbort: () => void = () => undefined
  const aborted = new Promise<true>((resolve) => {
    onAbort = () => resolve(true)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([write.then(() => false), aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
    // The abandoned write may still fail later; nobody is waiting for it.
    write.catch(() => undefined)
  }
}

export function createRetryWriter(opts: RetryWriterOptions) {
  const sleepers = new Set<() => void>()

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      sleepers.add(done)
    })
  }

  opts.giveUp.addEventListener('abort', () => wakeAll(), { once: true })

  function wakeAll(): void {
    for (const done of [...sleepers]) done()
  }

  return {
    async write(batch: Point[]): Promise<WriteOutcome> {
      for (let attempt = 1; ; attempt++) {
        try {
          if (await untilGiveUp(startWrite(opts.store, batch), opts.giveUp)) {
            return { kind: 'abandoned', error: new Error('close() ran out of time while the store had not answered this write') }
          }
          return { kind: 'written' }
        } catch (err) {
          const error = asError(err)
          opts.onFailure(error)
          if (isStoreRejection(err)) {
            return { kind: 'rejected', count: Math.min(batch.length, err.rejectedCount ?? batch.length), error }
          }
          if (opts.giveUp.aborted) return { kind: 'abandoned', error }
          const delay = backoffDelay(attempt, opts.backoff)
          opts.onRetry(error, attempt, delay)
          await sleep(delay)
          if (opts.giveUp.aborted) return { kind: 'abandoned', error }
        }
      }
    },

    /** Ends every backoff sleep now, so close() retries at once instead of waiting out the delay. */
    wakeAll,
  }
}
