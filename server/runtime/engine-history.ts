// The engine's inputs from the store: up to HISTORY_DAYS of completed days
// per metric and per driver, perf-test evidence left out (it is a limit's
// evidence, not load). One Store.aggregate() per pass for every series at
// once (daily buckets when the daily peak is the day's max, hourly for the
// p95-of-the-busiest-window method), and only the days not read before: a
// forecast depends on completed days alone, so a pass inside the same day
// reads nothing, a new day reads one day, and a write into a day already
// read (backfill, imports) re-reads from that day. Each series carries a
// version that changes exactly when its completed days change, so the
// engine skips even the daily-peak reduction of an unchanged series.
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { Bucket } from '../capacity/forecast/types.ts'
import type { DailyPeakOptions } from '../capacity/forecast/daily-peak.ts'
import type { Estate } from '../config/schema.ts'
import type { Point, Store } from '../store/types.ts'
import { NOT_LIVE_KEYS, NOT_LOAD } from './load-tags.ts'
import { slicer } from '../turns.ts'

export const HISTORY_DAYS = 90
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Stores written by other processes (collect --shard, imports elsewhere) are re-read whole this often. */
const FULL_READ_MS = HOUR_MS

export interface EngineHistory {
  history: Map<string, Bucket[]>
  drivers: Map<string, Bucket[]>
  /** Per series key: changes exactly when its completed days change. */
  versions: Map<string, number>
  /** Days read from the store by this pass (0 when nothing new). */
  readDays: number
}

export interface EngineHistorySource {
  read(estate: Estate, peak: DailyPeakOptions, at: Date): Promise<EngineHistory>
  /** Points just written; any before the days already read makes the next read start there. */
  noteWritten(points: readonly Point[]): void
  /** Forget everything (settings changed): the next read is a full one. */
  reset(): void
}

/** Start of the local day holding `at` (bucket boundary of the daily aggregate). */
function dayStart(at: number, offsetMs: number): number {
  return Math.floor((at + offsetMs) / DAY_MS) * DAY_MS - offsetMs
}

function sameBuckets(a: readonly Bucket[], b: readonly Bucket[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Bucket
    const y = b[i] as Bucket
    if (x.at !== y.at || x.max !== y.max || x.mean !== y.mean) return false
  }
  return true
}

export function createEngineHistory(store: Store, now: () => number = Date.now): EngineHistorySource {
  const buckets = new Map<string, Bucket[]>()
  const versions = new Map<string, number>()
  let shape = ''
  let seriesOf: ({ estate: Estate } & ReturnType<typeof seriesList>) | null = null
  let readUntil = 0
  let dirtyFrom = Infinity
  let lastFull = 0
  // Versions unique to this process: an entry restored from a saved cache never matches by accident.
  let counter = Date.now() * 1000

  return {
    noteWritten(points) {
      for (const p of points) {
        const t = p.at.getTime()
        if (t < readUntil && t < dirtyFrom) dirtyFrom = t
      }
    },
    reset() {
      shape = ''
    },
    async read(estate, peak, at) {
      const offsetMs = (peak.utcOffsetMinutes ?? 0) * 60_000
      const daily = peak.method === 'max'
      const stepMs = daily ? DAY_MS : HOUR_MS
      const to = dayStart(at.getTime(), offsetMs)
      const from = to - HISTORY_DAYS * DAY_MS
      // The series list (and its text, to tell a changed list) once per estate, not per pass: at
      // 10 000 metrics both were part of a 50–80 ms turn every pass.
      if (seriesOf?.estate !== estate) seriesOf = { estate, ...seriesList(estate) }
      const { keys } = seriesOf
      const nextShape = `${stepMs}|${offsetMs}|${seriesOf.text}`
      const full = nextShape !== shape || now() - lastFull > FULL_READ_MS
      // Taken now, not cleared after the read: a write noted while this pass reads (and yields) marks
      // the next pass's re-read instead of being forgotten.
      const dirty = dirtyFrom
      dirtyFrom = Infinity
      let readFrom = full ? from : Math.min(readUntil, dayStart(dirty, offsetMs))
      readFrom = Math.max(readFrom, from)
      if (full) {
        shape = nextShape
        lastFull = now()
      }
      let readDays = 0
      if (readFrom < to) {
        const found = await store
          .aggregate({
            from: new Date(readFrom),
            to: new Date(to),
            stepMs,
            offsetMs: -offsetMs,
            series: keys,
            excludeTags: NOT_LOAD,
            // A test rig's samples (collectors.yaml environments) are not live load.
            excludeTagKeys: NOT_LIVE_KEYS,
          })
          .catch((err: unknown) => {
            // Not read after all: the writes noted before this pass still need their days re-read.
            dirtyFrom = Math.min(dirtyFrom, dirty)
            throw err
          })
        readDays = (to - readFrom) / DAY_MS
        // A slice at a time: 10 000 series' buckets rebuilt and compared are ~100 ms in one go.
        const checkpoint = slicer()
        for (const { key } of keys) {
          await checkpoint()
          const before = buckets.get(key) ?? []
          const fresh = (found.get(key) ?? []).map((b) => ({ at: b.at.getTime(), mean: b.mean, max: b.max }))
          const kept = before.filter((b) => (b.at as number) >= from && (b.at as number) < readFrom)
          const next = kept.concat(fresh)
          if (!sameBuckets(before, next)) versions.set(key, ++counter)
          buckets.set(key, next)
        }
      } else {
        // Nothing new; the window still slides when a day passes without data.
        for (const [key, list] of buckets) {
          if (list.length > 0 && (list[0]?.at as number) < from) {
            buckets.set(
              key,
              list.filter((b) => (b.at as number) >= from),
            )
            versions.set(key, ++counter)
          }
        }
      }
      readUntil = to
      const history = new Map<string, Bucket[]>()
      const drivers = new Map<string, Bucket[]>()
      const versionsOut = new Map<string, number>()
      const handOut = slicer()
      for (const { app, key } of keys) {
        await handOut()
        ;(app === 'drivers' ? drivers : history).set(key, buckets.get(key) ?? [])
        versionsOut.set(key, versions.get(key) ?? 0)
      }
      return { history, drivers, versions: versionsOut, readDays }
    },
  }
}

/** Every series the engine reads (metrics, then drivers), with its key, and the keys as one text. */
function seriesList(estate: Estate): { keys: { app: string; metric: string; key: string }[]; text: string } {
  const keys = [
    ...estate.applications.flatMap((a) => a.metrics.map((m) => ({ app: a.id, metric: m.id }))),
    ...estate.drivers.map((d) => ({ app: 'drivers', metric: d.id })),
  ].map((k) => ({ ...k, key: seriesKey(k.app, k.metric) }))
  return { keys, text: keys.map((k) => k.key).join(',') }
}
