// A series reduced to what its forecast depends on: its completed days'
// peaks, their maximum and a fingerprint that changes exactly when they (or
// the options) do. The engine's pass and the fit scheduler both ask for it,
// so the last reduction of each bucket list is remembered.
import { dailyPeaks } from './daily-peak.ts'
import { digest } from './digest.ts'
import type { ForecastOptions } from './forecast.ts'
import { DAY_MS, toMs, type Bucket } from './types.ts'

/** A series reduced to what its forecast depends on. */
export interface SeriesPeaks {
  values: readonly (number | null)[]
  lastDate: string | null
  maxPeak: number | null
  /** Changes exactly when the forecast inputs change (completed days' peaks, options). */
  fingerprint: string
}

/**
 * The last reduction of each bucket list (the engine's pass and the fit
 * scheduler reduce the same lists in the same turn: 15 % of a cold pass was
 * the second reduction). Keyed by the list itself, so it relies on what the
 * engine history guarantees: a list is never changed in place, a change is a
 * new list.
 */
const reduced = new WeakMap<readonly Bucket[], { key: string; peaks: SeriesPeaks }>()

export function peaksOf(
  buckets: readonly Bucket[] | undefined,
  now: Date,
  options: ForecastOptions,
  optionsKey: string,
): SeriesPeaks {
  if (!buckets) return reducePeaks([], now, options, optionsKey)
  // Today's (unfinished) day is left out, so the result depends on now only through its day.
  const key = `${seriesDay(now, options)}|${optionsKey}`
  const hit = reduced.get(buckets)
  if (hit?.key === key) return hit.peaks
  const peaks = reducePeaks(buckets, now, options, optionsKey)
  reduced.set(buckets, { key, peaks })
  return peaks
}

function reducePeaks(buckets: readonly Bucket[], now: Date, options: ForecastOptions, optionsKey: string): SeriesPeaks {
  const peaks = dailyPeaks(buckets, now, options.peak)
  const values = peaks.map((p) => p.value)
  let maxPeak: number | null = null
  for (const v of values) if (v !== null && (maxPeak === null || v > maxPeak)) maxPeak = v
  const lastDate = peaks[peaks.length - 1]?.date ?? null
  // A digest of the inputs, not the inputs as text: the cache keeps one per series (the text was
  // 3 kB each, 25 MB at 10 000 series) and compares them on every pass.
  return { values, lastDate, maxPeak, fingerprint: digest(`${lastDate ?? '-'}|${optionsKey}|${values.join(',')}`) }
}

/** Local day index of `now`: a cached entry from another day must be re-reduced (yesterday became complete). */
export function seriesDay(now: Date, options: ForecastOptions): number {
  return Math.floor((toMs(now) + (options.peak.utcOffsetMinutes ?? 0) * 60_000) / DAY_MS)
}
