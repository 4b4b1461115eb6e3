// Capacity breaks at the peak, not the mean, so forecasts run on one value
// per day: the day's maximum, or the p95 inside the day's busiest window
// (less sensitive to a single spiky sample). Days are calendar days at a
// fixed UTC offset; the day containing `now` is left out because it is not over.
import { DAY_MS, HOUR_MS, isoDay, toMs, type Bucket, type Point } from './forecast-types.ts'

export type PeakMethod = 'max' | 'p95'

export interface DailyPeakOptions {
  method: PeakMethod
  /** Length of the busiest window for `p95`, in hours. */
  windowHours?: number
  /** Offset of the local day from UTC in minutes (60 for BST); days start at local midnight. */
  utcOffsetMinutes?: number
}

export interface DailyPeak {
  /** Local calendar date, YYYY-MM-DD. */
  date: string
  /** UTC ms of the local midnight that starts the day. */
  start: number
  /** Null when the day has no samples (a gap the forecaster must fill). */
  value: number | null
  samples: number
}

/** Value at quantile q (0..1) by linear interpolation; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
}

function isBucket(p: Point | Bucket): p is Bucket {
  return 'max' in p
}

/** Peak of one day's samples (sorted by time) by the chosen method. */
function dayPeak(times: number[], values: number[], maxes: number[], method: PeakMethod, windowMs: number): number {
  if (method === 'max') return Math.max(...maxes)
  // Busiest window by sum, found with two pointers over the sorted samples.
  let best = { from: 0, to: 0, sum: -Infinity }
  let from = 0
  let sum = 0
  for (let to = 0; to < times.length; to++) {
    sum += values[to] as number
    while ((times[to] as number) - (times[from] as number) >= windowMs) sum -= values[from++] as number
    if (sum > best.sum) best = { from, to, sum }
  }
  return quantile(values.slice(best.from, best.to + 1), 0.95)
}

/**
 * One row per calendar day from the first sample's day to the day before
 * `now`'s day, gaps included as `value: null`.
 */
export function dailyPeaks(series: readonly (Point | Bucket)[], now: Date | number, options: DailyPeakOptions): DailyPeak[] {
  const offset = (options.utcOffsetMinutes ?? 0) * 60_000
  const windowMs = (options.windowHours ?? 1) * HOUR_MS
  const dayOf = (ms: number): number => Math.floor((ms + offset) / DAY_MS)
  const today = dayOf(toMs(now))
  const byDay = new Map<number, { t: number; v: number; m: number }[]>()
  for (const p of series) {
    const t = toMs(p.at)
    const v = isBucket(p) ? p.mean : p.value
    const m = isBucket(p) ? p.max : p.value
    if (!Number.isFinite(v) || !Number.isFinite(m)) continue
    const d = dayOf(t)
    if (d >= today) continue
    const list = byDay.get(d) ?? []
    list.push({ t, v, m })
    byDay.set(d, list)
  }
  if (byDay.size === 0) return []
  const first = Math.min(...byDay.keys())
  const out: DailyPeak[] = []
  for (let d = first; d < today; d++) {
    const rows = (byDay.get(d) ?? []).sort((a, b) => a.t - b.t)
    const value =
      rows.length === 0
        ? null
        : dayPeak(
            rows.map((r) => r.t),
            rows.map((r) => r.v),
            rows.map((r) => r.m),
            options.method,
            windowMs,
          )
    out.push({ date: isoDay(d * DAY_MS), start: d * DAY_MS - offset, value, samples: rows.length })
  }
  return out
}

/** Fills gaps by linear interpolation (ends by the nearest value) so models get a regular series. */
export function fillGaps(values: readonly (number | null)[]): { filled: number[]; imputed: number } {
  const filled: number[] = []
  let imputed = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && v !== undefined) {
      filled.push(v)
      continue
    }
    imputed++
    let before = i - 1
    while (before >= 0 && (values[before] ?? null) === null) before--
    let after = i + 1
    while (after < values.length && (values[after] ?? null) === null) after++
    const b = before >= 0 ? (values[before] as number) : null
    const a = after < values.length ? (values[after] as number) : null
    if (b !== null && a !== null) filled.push(b + ((a - b) * (i - before)) / (after - before))
    else filled.push((b ?? a ?? 0) as number)
  }
  return { filled, imputed }
}
