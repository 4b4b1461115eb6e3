// In-memory view of what the engine needs from recent data: the latest value
// and the 24 h peak of each metric. Fed by the write pipeline as points are
// stored, seeded from the store at start, so a snapshot never scans history.
import type { Estate, MetricKind } from '../config/schema.ts'
import type { Bucket, LatestValue, Point } from '../store/types.ts'
import { seriesKey, type MetricObservation } from '../capacity/snapshot/snapshot.ts'
import { medianGapMs } from '../capacity/limits/staleness.ts'

const PEAK_BUCKET_MS = 5 * 60_000
const PEAK_WINDOW_MS = 24 * 3_600_000
/** Sample times kept per series to infer its interval (staleness): enough for a median to shrug off one gap. */
const RECENT_TIMES = 7

interface SeriesState {
  latest: { value: number; at: Date } | null
  /** bucket start ms -> max value in that bucket */
  maxima: Map<number, number>
  /** The latest few distinct sample times (ms, ascending), for the series' interval. */
  recent: number[]
  /** medianGapMs(recent), worked out when `recent` changes, not on every read (10 000 metrics are read every tick). */
  recentIntervalMs: number | null
  /** Interval estimated from seeded 5-min bucket counts, until live samples give their own. */
  seededIntervalMs: number | null
}

export class ObservationCache {
  /** metric key -> tag-set key -> state. Tagged series (per node, per site) are combined by kind. */
  private readonly series = new Map<string, Map<string, SeriesState>>()
  private readonly kinds = new Map<string, MetricKind>()
  private version = 0
  /** Metric keys touched since the last takeDirty(): the live state recomputes only these. */
  private dirty = new Set<string>()

  constructor(estate: Estate) {
    this.setEstate(estate)
  }

  setEstate(estate: Estate): void {
    this.kinds.clear()
    for (const app of estate.applications) for (const m of app.metrics) this.kinds.set(seriesKey(app.id, m.id), m.kind)
    this.version++
  }

  /** Bumped on every change, so callers can skip recomputing an unchanged snapshot. */
  get changes(): number {
    return this.version
  }

  add(points: readonly Point[]): void {
    for (const p of points) {
      // Perf-test results are evidence for a limit, stored beside the metric; they are not load.
      if (p.tags?.source === 'perf-test') continue
      // A perf-test rig's load is not live load (collectors/environment.ts).
      if (p.tags?.environment !== undefined) continue
      const state = this.state(p.app, p.metric, p.tags)
      this.dirty.add(seriesKey(p.app, p.metric))
      if (rememberTime(state.recent, p.at.getTime())) state.recentIntervalMs = medianGapMs(state.recent)
      if (!state.latest || p.at >= state.latest.at) state.latest = { value: p.value, at: p.at }
      const bucket = Math.floor(p.at.getTime() / PEAK_BUCKET_MS) * PEAK_BUCKET_MS
      const max = state.maxima.get(bucket)
      if (max === undefined || p.value > max) state.maxima.set(bucket, p.value)
    }
    if (points.length > 0) this.version++
  }

  /** Seed from the store: latest values and bucketed history of the last 24 h. */
  seed(latest: readonly LatestValue[], history: ReadonlyMap<string, readonly Bucket[]>): void {
    this.add(latest)
    for (const [key, buckets] of history) {
      const [app = '', metric = ''] = key.split('/')
      const state = this.state(app, metric, undefined)
      this.dirty.add(key)
      state.seededIntervalMs = intervalFromBuckets(buckets)
      for (const b of buckets) {
        const bucket = Math.floor(b.at.getTime() / PEAK_BUCKET_MS) * PEAK_BUCKET_MS
        state.maxima.set(bucket, Math.max(state.maxima.get(bucket) ?? -Infinity, b.max))
      }
    }
    this.version++
  }

  observations(now: Date): Map<string, MetricObservation> {
    const out = new Map<string, MetricObservation>()
    for (const key of this.series.keys()) out.set(key, this.observation(key, now) as MetricObservation)
    return out
  }

  /** One series' latest value, 24 h peak and interval at `now`; undefined when it has never had a sample. */
  observation(key: string, now: Date): MetricObservation | undefined {
    const byTags = this.series.get(key)
    if (!byTags) return undefined
    const since = now.getTime() - PEAK_WINDOW_MS
    const combine = this.kinds.get(key) === 'utilisation' ? Math.max : (a: number, b: number) => a + b
    let latest: { value: number; at: Date } | null = null
    let peak: number | null = null
    // The interval of the tag series with the newest sample: that is the one staleness is judged on.
    let intervalMs: number | null = null
    let newest = -Infinity
    for (const state of byTags.values()) {
      prune(state.maxima, since)
      const own = state.latest
      if (own && own.at.getTime() > newest) {
        newest = own.at.getTime()
        intervalMs = state.recentIntervalMs ?? state.seededIntervalMs
      }
      if (own) latest = latest ? combineLatest(latest, own, combine) : { ...own }
      // For additive kinds the sum of per-series maxima is an upper bound of
      // the combined peak: conservative, which is the safe side for capacity.
      let seriesPeak: number | null = null
      for (const [start, max] of state.maxima) if (start >= since - PEAK_BUCKET_MS) seriesPeak = Math.max(seriesPeak ?? max, max)
      if (seriesPeak !== null) peak = peak === null ? seriesPeak : combine(peak, seriesPeak)
    }
    return { latest, peak24h: peak, intervalMs }
  }

  /** Keys of the series that received samples since the last call (and forgets them). */
  takeDirty(): Set<string> {
    const out = this.dirty
    this.dirty = new Set()
    return out
  }

  private state(app: string, metric: string, tags: Record<string, string> | undefined): SeriesState {
    const key = seriesKey(app, metric)
    let byTags = this.series.get(key)
    if (!byTags) this.series.set(key, (byTags = new Map()))
    const tagKey = tags
      ? Object.keys(tags)
          .sort()
          .map((k) => `${k}=${tags[k]}`)
          .join(',')
      : ''
    let state = byTags.get(tagKey)
    if (!state)
      byTags.set(
        tagKey,
        (state = { latest: null, maxima: new Map(), recent: [], recentIntervalMs: null, seededIntervalMs: null }),
      )
    return state
  }
}

function combineLatest(
  a: { value: number; at: Date },
  b: { value: number; at: Date },
  combine: (x: number, y: number) => number,
): { value: number; at: Date } {
  return { value: combine(a.value, b.value), at: b.at > a.at ? b.at : a.at }
}

/** Keeps the newest RECENT_TIMES distinct times, ascending; older points (backfill) only count while there is room. */
function rememberTime(recent: number[], t: number): boolean {
  if (recent.includes(t)) return false
  if (recent.length >= RECENT_TIMES && t < recent[0]!) return false
  let i = recent.length
  while (i > 0 && recent[i - 1]! > t) i--
  recent.splice(i, 0, t)
  if (recent.length > RECENT_TIMES) recent.shift()
  return true
}

/**
 * From seeded 5-min buckets. Dense series (several samples per bucket):
 * bucket width / samples per bucket over the recent full buckets (the newest
 * may be partial). Sparse series (one sample every few buckets): the median
 * gap between non-empty buckets. Null when too few buckets to say.
 */
function intervalFromBuckets(buckets: readonly Bucket[]): number | null {
  const filled = buckets.filter((b) => b.count > 0)
  const full = filled.slice(-7, -1)
  if (full.length === 0) return null
  if (full.every((b) => b.count >= 2)) {
    const per = full.map((b) => PEAK_BUCKET_MS / b.count).sort((x, y) => x - y)
    return per[Math.floor(per.length / 2)]!
  }
  return medianGapMs(filled.slice(-RECENT_TIMES).map((b) => b.at.getTime()))
}

function prune(maxima: Map<number, number>, since: number): void {
  for (const start of maxima.keys()) if (start < since - PEAK_BUCKET_MS) maxima.delete(start)
}
