// Fills the observation cache from the store at start, so a restart shows
// the same latest values and 24 h peaks it showed before.
import type { Estate } from '../config/schema.ts'
import type { Bucket, Store } from '../store/types.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import { NOT_LIVE_KEYS, NOT_LOAD } from './load-tags.ts'
import type { ObservationCache } from './observations.ts'

export async function seedCache(cache: ObservationCache, store: Store, estate: Estate, now: Date): Promise<void> {
  const from = new Date(now.getTime() - 24 * 3_600_000)
  const history = new Map<string, Bucket[]>()
  for (const app of estate.applications) {
    for (const m of app.metrics) {
      history.set(
        seriesKey(app.id, m.id),
        await store.range({
          app: app.id,
          metric: m.id,
          from,
          to: now,
          stepMs: 5 * 60_000,
          excludeTags: NOT_LOAD,
          excludeTagKeys: NOT_LIVE_KEYS,
        }),
      )
    }
  }
  cache.seed(await store.latest(), history)
}
