// Capacity breaks at the peak, not the mean, so forecasts run on one value
// per day: the day's maximum, or the p95 inside the day's busiest window
// (less sensitive to a single spiky sample). Days are calendar days at a
// fixed UTC offset; the day containing `now` is left out because it is not over.
import { DAY_MS, HOUR_MS, isoDay, toMs, type Bucket, type Point } from './types.ts'
import { quantileInPlace } from './numeric/select.ts'

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
export function quantile(values: readonly number[] | Float64Array, q: number): number {
  // On a copy, by quickselect (numeric/select.ts): the engine takes thousands of these per run.
  return quantileInPlace(Float64Array.from(values), values.length, q)
}

function isBucket(p: Point | Bucket): p is Bucket {
  return 'max' in p
}

/** p95 inside the busiest `windowMs` (by sum) of one day's samples, sorted by time. */
function busiestWindowP95(times: readonly number[], values: readonly number[], windowMs: number): number {
  let bestFrom = 0
  let bestTo = 0
  let bestSum = -Infinity
  let from = 0
  let sum = 0
  for (let to = 0; to < times.length; to++) {
    sum += values[to] as number
    while ((times[to] as number) - (times[from] as number) >= windowMs) sum -= values[from++] as number
    if (sum > bestSum) {
      bestSum = sum
      bestFrom = from
      bestTo = to
    }
  }
  return quantile(values.slice(bestFrom, bestTo + 1), 0.95)
}

/**
 * One row per calendar day from the first sample's day to the day before
 * `now`'s day, gaps included as `value: null`.
 *
 * Runs once per metric on up to 90 days of hourly buckets in every engine
 * pass, so it works on flat arrays indexed by day (no per-day maps or
 * sorts for `max`; p95 sorts a day only when its samples arrive out of order).
 */
export function dailyPeaks(series: readonly (Point | Bucket)[], now: Date | number, options: DailyPeakOptions): DailyPeak[] {
  const offset = (options.utcOffsetMinutes ?? 0) * 60_000
  const windowMs = (options.windowHours ?? 1) * HOUR_MS
  const today = Math.floor((toMs(now) + offset) / DAY_MS)
  const n = series.length
  const times = new Float64Array(n)
  const days = new Float64Array(n)
  let first = Infinity
  for (let i = 0; i < n; i++) {
    const p = series[i] as Point | Bucket
    const t = toMs(p.at)
    const d = Math.floor((t + offset) / DAY_MS)
    const v = isBucket(p) ? p.mean : p.value
    const m = isBucket(p) ? p.max : p.value
    // NaN marks a sample to skip: not finite, or in today's unfinished day.
    const skip = !Number.isFinite(v) || !Number.isFinite(m) || d >= today
    times[i] = t
    days[i] = skip ? Number.NaN : d
    if (!skip && d < first) first = d
  }
  if (first === Infinity) return []
  const len = today - first
  const counts = new Int32Array(len)
  const peaks = new Float64Array(len).fill(-Infinity)
  const perDay: { t: number[]; v: number[] }[] | null =
    options.method === 'p95' ? Array.from({ length: len }, () => ({ t: [], v: [] })) : null
  for (let i = 0; i < n; i++) {
    const d = days[i] as number
    if (Number.isNaN(d)) continue
    const k = d - first
    counts[k] = (counts[k] as number) + 1
    const p = series[i] as Point | Bucket
    if (perDay) {
      const day = perDay[k] as { t: number[]; v: number[] }
      day.t.push(times[i] as number)
      day.v.push(isBucket(p) ? p.mean : p.value)
    } else {
      const m = isBucket(p) ? p.max : p.value
      if (m > (peaks[k] as number)) peaks[k] = m
    }
  }
  const out: DailyPeak[] = new Array<DailyPeak>(len)
  for (let k = 0; k < len; k++) {
    const d = first + k
    const samples = counts[k] as number
    let value: number | null = null
    if (samples > 0) {
      if (perDay) {
        const day = perDay[k] as { t: number[]; v: number[] }
        const sorted = day.t.every((t, j) => j === 0 || (day.t[j - 1] as number) <= t)
        if (sorted) value = busiestWindowP95(day.t, day.v, windowMs)
        else {
          const order = day.t.map((_, j) => j).sort((a, b) => (day.t[a] as number) - (day.t[b] as number))
          value = busiestWindowP95(
            order.map((j) => day.t[j] as number),
            order.map((j) => day.v[j] as number),
            windowMs,
          )
        }
      } else value = peaks[k] as number
    }
    out[k] = { date: isoDay(d * DAY_MS), start: d * DAY_MS - offset, value, samples }
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
