// The engine's inputs from the store: up to HISTORY_DAYS of hourly buckets
// per metric and per driver, perf-test evidence left out (it is a limit's
// evidence, not load). Read one series at a time so the event loop stays
// free between reads.
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { Bucket } from '../capacity/forecast/types.ts'
import type { Estate } from '../config/schema.ts'
import type { Store } from '../store/types.ts'
import { NOT_LIVE_KEYS, NOT_LOAD } from './load-tags.ts'

export const HISTORY_DAYS = 90
const HOUR_MS = 3_600_000

export interface EngineHistory {
  history: Map<string, Bucket[]>
  drivers: Map<string, Bucket[]>
}

/** History up to the end of the hour holding `at`; stops early (partial maps) once `stopped()` says so. */
export async function readEngineHistory(
  store: Store,
  estate: Estate,
  at: Date,
  stopped: () => boolean = () => false,
): Promise<EngineHistory> {
  const to = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS)
  const from = new Date(to.getTime() - HISTORY_DAYS * 24 * HOUR_MS)
  const history = new Map<string, Bucket[]>()
  const drivers = new Map<string, Bucket[]>()
  for (const app of estate.applications) {
    for (const m of app.metrics) {
      if (stopped()) return { history, drivers }
      const buckets = await store.range({
        app: app.id,
        metric: m.id,
        from,
        to,
        stepMs: HOUR_MS,
        excludeTags: NOT_LOAD,
        excludeTagKeys: NOT_LIVE_KEYS,
      })
      history.set(seriesKey(app.id, m.id), buckets)
    }
  }
  for (const d of estate.drivers)
    drivers.set(seriesKey('drivers', d.id), await store.range({ app: 'drivers', metric: d.id, from, to, stepMs: HOUR_MS }))
  return { history, drivers }
}
