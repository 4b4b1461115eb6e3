// Spikes must not tilt a trend or a level: before a model is fitted, each
// day is compared with the median of its neighbours (the same weekday one
// and two weeks either side when the series is weekly, the three days either
// side when not) and pulled back to within k robust sigmas of it. Only the
// fit sees the clipped values: back-test errors are measured against the
// real ones, so spikes still widen the P90 band, because real peaks are
// what break a system.
import { quantile } from '../daily-peak.ts'

export interface Winsorised {
  values: number[]
  /** How many days were pulled back. */
  clipped: number
}

function neighbours(values: readonly number[], i: number, period: number | null): number[] {
  const out = [values[i] as number]
  const offsets = period ? [-2 * period, -period, period, 2 * period] : [-3, -2, -1, 1, 2, 3]
  for (const o of offsets) {
    const v = values[i + o]
    if (v !== undefined) out.push(v)
  }
  return out
}

export function winsorise(values: readonly number[], period: number | null, k = 3): Winsorised {
  const ref = values.map((_, i) => quantile(neighbours(values, i, period), 0.5))
  const residuals = values.map((v, i) => Math.abs(v - (ref[i] as number)))
  const sigma = 1.4826 * quantile(residuals, 0.5)
  // A series that is mostly one value (sigma 0) keeps its spikes out of the fit entirely.
  const bound = k * Math.max(sigma, 1e-9 * Math.max(1, Math.abs(quantile(values, 0.5))))
  let clipped = 0
  const out = values.map((v, i) => {
    const r = ref[i] as number
    if (Math.abs(v - r) <= bound) return v
    clipped++
    return v > r ? r + bound : r - bound
  })
  return { values: out, clipped }
}
