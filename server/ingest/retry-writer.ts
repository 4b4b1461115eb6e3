// Writes one batch to the store, retrying transient failures with backoff and
// keeping the batch, until it is stored, refused (retrying cannot help) or
// abandoned (close() ran out of time). Several batches may be in flight, so
// sleeps are tracked as a set that close() can cut short.
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
  /** Milliseconds left before giving up (close() deadline), or Infinity while running. */
  timeLeft: () => number
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
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

  return {
    async write(batch: Point[]): Promise<WriteOutcome> {
      for (let attempt = 1; ; attempt++) {
        try {
          await opts.store.write(batch)
          return { kind: 'written' }
        } catch (err) {
          const error = asError(err)
          opts.onFailure(error)
          if (isStoreRejection(err)) {
            return { kind: 'rejected', count: Math.min(batch.length, err.rejectedCount ?? batch.length), error }
          }
          const left = opts.timeLeft()
          if (left <= 0) return { kind: 'abandoned', error }
          const delay = backoffDelay(attempt, opts.backoff)
          opts.onRetry(error, attempt, delay)
          await sleep(Math.min(delay, left))
        }
      }
    },

    /** Ends every backoff sleep now, so close() retries at once instead of waiting out the delay. */
    wakeAll(): void {
      for (const done of [...sleepers]) done()
    },
  }
}
