// Fills the observation cache from the store at start, so a restart shows
// the same latest values and 24 h peaks it showed before. Two batched reads
// for every series at once (Store.aggregate): hourly maxima over the day
// (the 24 h peak) and 5-minute buckets over the last hour (each series'
// sampling interval, for staleness), instead of one range read per series.
import type { Estate } from '../config/schema.ts'
import type { Bucket, Store } from '../store/types.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { ObservationCache } from './observations.ts'

const HOUR_MS = 3_600_000
const FIVE_MIN_MS = 5 * 60_000

export async function seedCache(cache: ObservationCache, store: Store, estate: Estate, now: Date): Promise<void> {
  const series = estate.applications.flatMap((a) => a.metrics.map((m) => ({ app: a.id, metric: m.id })))
  const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS
  const recent = Math.floor(now.getTime() / FIVE_MIN_MS) * FIVE_MIN_MS - HOUR_MS
  const [day, lastHour] = await Promise.all([
    store.aggregate({ from: new Date(hour - 24 * HOUR_MS), to: new Date(recent), stepMs: HOUR_MS, series }),
    store.aggregate({ from: new Date(recent), to: now, stepMs: FIVE_MIN_MS, series }),
  ])
  const history = new Map<string, Bucket[]>()
  for (const { app, metric } of series) {
    const key = seriesKey(app, metric)
    history.set(key, [...(day.get(key) ?? []), ...(lastHour.get(key) ?? [])])
  }
  cache.seed(await store.latest(), history)
}
