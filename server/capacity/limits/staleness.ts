// Is a series still arriving? A series with no sample for N of its own
// intervals is stale: its "latest value" is history, and a dashboard that
// shows it as current would hide a dead collector behind a green tile.
// Each series has its own cadence (5 s simulator, 60 s Prometheus, daily
// CSV), so the interval is inferred from the spacing of its recent samples
// rather than configured. Pure: `now` is an argument.

/** estate.yaml defaults.staleIntervals when not set. */
export const DEFAULT_STALE_INTERVALS = 3

export interface Staleness {
  /** True when the latest sample is older than staleIntervals × the series' interval. */
  stale: boolean
  /** Seconds since the latest sample, or null when there is none. */
  lastSampleAgeSeconds: number | null
}

/**
 * Median gap between consecutive distinct times (ms, any order), or null
 * with fewer than two. The median ignores one missed or doubled sample.
 */
export function medianGapMs(times: readonly number[]): number | null {
  const sorted = [...new Set(times)].sort((a, b) => a - b)
  if (sorted.length < 2) return null
  const gaps: number[] = []
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i]! - sorted[i - 1]!)
  gaps.sort((a, b) => a - b)
  const mid = Math.floor(gaps.length / 2)
  return gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2
}

/**
 * Without a known interval (one sample so far) nothing is called stale:
 * a guess would flag every new daily series within minutes of its first point.
 */
export function assessStaleness(
  latestAt: Date | null,
  intervalMs: number | null | undefined,
  staleIntervals: number,
  now: Date,
): Staleness {
  if (latestAt === null) return { stale: false, lastSampleAgeSeconds: null }
  const ageMs = Math.max(0, now.getTime() - latestAt.getTime())
  const lastSampleAgeSeconds = Math.round(ageMs / 1000)
  if (intervalMs === null || intervalMs === undefined || !(intervalMs > 0)) return { stale: false, lastSampleAgeSeconds }
  return { stale: ageMs > staleIntervals * intervalMs, lastSampleAgeSeconds }
}

/** "no sample for 4 min (expected every 5 s)" for RAG reasons. */
export function staleReason(ageSeconds: number, intervalMs: number): string {
  return `stale: no sample for ${formatSeconds(ageSeconds)} (expected every ${formatSeconds(Math.round(intervalMs / 1000))})`
}

export function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`
  if (s < 7200) return `${Math.round(s / 60)} min`
  if (s < 172_800) return `${Math.round(s / 3600)} h`
  return `${Math.round(s / 86_400)} days`
}
