// What a candidate's path may do beyond its first week. Without evidence of
// a trend: flat, the first forecast week's level and weekday shape repeated
// (a non-seasonal series holds its first value). With evidence: the trend is
// damped as forecast::ets's least-damped model would (φ = 0.98 a day), so
// over the engine's 180-day horizon a slope adds at most ~49 days' worth of
// itself; candidates that damp themselves (ets-damped) are left alone.

export const TREND_PHI = 0.98

/** First week's level and shape, repeated. */
export function flatten(path: readonly number[], period: number | null): number[] {
  if (period === null) return path.map(() => path[0] as number)
  const out: number[] = []
  for (let h = 0; h < path.length; h++) out.push(h < period ? (path[h] as number) : (out[h - period] as number))
  return out
}

/**
 * Damps the trend of a path by `phi` per step, keeping its seasonal shape:
 * each step's seasonal difference (path[h] − path[h−p], p steps of trend)
 * is scaled to what p steps of a damped trend would add there.
 */
export function dampTrend(path: readonly number[], period: number | null, phi = TREND_PHI): number[] {
  const p = period ?? 1
  const out: number[] = []
  for (let h = 0; h < path.length; h++) {
    if (h < p) {
      out.push(path[h] as number)
      continue
    }
    const c = (phi ** (h - p + 1) * (1 - phi ** p)) / (p * (1 - phi))
    out.push((out[h - p] as number) + c * ((path[h] as number) - (path[h - p] as number)))
  }
  return out
}
