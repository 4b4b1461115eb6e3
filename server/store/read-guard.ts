// Reads that fail fast while the store is down. Without this a chart request
// during an InfluxDB stall hung for 30 s and ended in a generic 500. With it:
// a store already known to be down answers 503 "store unreachable" at once
// (after one quick re-check), and a read that has not answered after
// `probeAfterMs` triggers a ping; if that fails too, the caller gets the 503
// while the read is left to finish or fail on its own. Worst case
// probeAfterMs + the ping budget (~1.7 s with the defaults).
import type { StoreMonitor } from './store-monitor.ts'
import type { Store } from './types.ts'

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
  readonly status = 503
}

export interface ReadGuardOptions {
  /** Default 800. */
  probeAfterMs?: number
}

function unavailable(kind: string, monitor: StoreMonitor, what: string): StoreUnavailableError {
  const reason = monitor.state().lastError
  return new StoreUnavailableError(
    `store unreachable: the ${kind} store did not answer ${what}${reason ? ` (${reason})` : ''}; showing data needs it back, try again shortly`,
  )
}

/** The same store, with every read guarded; writes pass through (the write pipeline retries and spools them). */
export function guardReads(store: Store, monitor: StoreMonitor, opts: ReadGuardOptions = {}): Store {
  const probeAfterMs = opts.probeAfterMs ?? 800

  async function guarded<T>(what: string, read: () => Promise<T>): Promise<T> {
    if (!monitor.reachable() && !(await monitor.check())) throw unavailable(store.kind, monitor, what)
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const finish = (fn: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(probe)
        fn()
      }
      const probe = setTimeout(() => {
        void monitor.check().then((ok) => {
          if (!ok) finish(() => reject(unavailable(store.kind, monitor, what)))
        })
      }, probeAfterMs)
      read().then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => {
          // A quick failure (connection refused) is an outage too when the ping agrees.
          void monitor.check().then((ok) => finish(() => reject(ok ? err : unavailable(store.kind, monitor, what))))
        },
      )
    })
  }

  return {
    kind: store.kind,
    init: () => store.init(),
    write: (points) => store.write(points),
    latest: (since) => guarded('a latest-values read', () => store.latest(since)),
    aggregate: (q) => guarded('an aggregate read of many series', () => store.aggregate(q)),
    range: (q) => guarded(`a history read of ${q.app}/${q.metric}`, () => store.range(q)),
    listSeries: () => guarded('a series list read', () => store.listSeries()),
    newest: (app, metric) => guarded(`a newest-point read of ${app}/${metric}`, () => store.newest(app, metric)),
    // State writes pass through like point writes; their reads fail fast too.
    putState: (kind, id, doc) => store.putState(kind, id, doc),
    getState: (kind, id) => guarded(`a ${kind} state read`, () => store.getState(kind, id)),
    listState: (kind) => guarded(`a ${kind} state list`, () => store.listState(kind)),
    deleteState: (kind, id) => store.deleteState(kind, id),
    appendAudit: (entry) => store.appendAudit(entry),
    readAudit: (query) => guarded('an audit trail read', () => store.readAudit(query)),
    ping: (timeoutMs) => store.ping(timeoutMs),
    // Retention runs in the background on its own schedule; it is not a read a page waits for.
    ...(store.prune ? { prune: store.prune.bind(store) } : {}),
    ...(store.retention ? { retention: store.retention } : {}),
    close: () => store.close(),
  }
}
