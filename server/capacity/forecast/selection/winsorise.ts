// Spikes must not tilt a trend or a level: before a model is fitted, each
// day is compared with the median of the three days either side (after the
// weekly profile is taken out, when the series is weekly, so a weekend dip
// is no outlier) and pulled back to within k robust sigmas of it. A short
// window, so a steady ramp is not mistaken for spikes at the series' end. Only the
// fit sees the clipped values: back-test errors are measured against the
// real ones, so spikes still widen the P90 band, because real peaks are
// what break a system.
import { quantile } from '../daily-peak.ts'
import { seasonalAt, seasonalProfile } from '../models/seasonal-profile.ts'

export interface Winsorised {
  values: number[]
  /** How many days were pulled back. */
  clipped: number
}

const HALF_WINDOW = 3

function localMedian(values: readonly number[], i: number): number {
  return quantile(values.slice(Math.max(0, i - HALF_WINDOW), i + HALF_WINDOW + 1), 0.5)
}

export function winsorise(values: readonly number[], period: number | null, k = 3): Winsorised {
  const profile = period ? seasonalProfile(values, period) : []
  const adjusted = values.map((v, i) => v - seasonalAt(profile, i))
  const ref = adjusted.map((_, i) => localMedian(adjusted, i) + seasonalAt(profile, i))
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
