// A Store whose write() fails on demand. Allowed ONLY for the pipeline's own
// failure-injection tests; every other test uses a real store.
import type { Point, Store } from '../../server/store/types.ts'

export interface FailingStore extends Store {
  /** Every write() call, in order, with the points it was given (successful or not). */
  attempts: Point[][]
  /** Points that were accepted. */
  stored: Point[]
  /** Fail the next n write() calls with `error` (default: a transient error). */
  failNext(n: number, error?: Error): void
  failForever(error?: Error): void
  recover(): void
}

export function createFailingStore(): FailingStore {
  let failuresLeft = 0
  let failure: Error = new Error('store unavailable (injected)')
  const unused = () => Promise.reject(new Error('not used by the pipeline tests'))
  const store: FailingStore = {
    kind: 'failing',
    attempts: [],
    stored: [],
    failNext(n, error) {
      failuresLeft = n
      if (error) failure = error
    },
    failForever(error) {
      store.failNext(Number.POSITIVE_INFINITY, error)
    },
    recover() {
      failuresLeft = 0
    },
    init: () => Promise.resolve(),
    async write(points) {
      store.attempts.push([...points])
      if (failuresLeft > 0) {
        failuresLeft--
        throw failure
      }
      store.stored.push(...points)
    },
    latest: unused,
    range: unused,
    aggregate: unused,
    listSeries: unused,
    newest: unused,
    ping: () => Promise.resolve(),
    putState: unused,
    getState: unused,
    listState: unused,
    deleteState: unused,
    appendAudit: unused,
    readAudit: unused,
    close: () => Promise.resolve(),
  }
  return store
}
