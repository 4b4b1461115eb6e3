// Evidence of a trend worth extrapolating: a Mann–Kendall test on weekly
// means of the history since the last level shift (the last ramp). Weekly
// means take out the weekday pattern and most of the day-to-day
// dependence that makes the test over-confident on daily data; fewer than
// five weeks can never reach significance, and that is the point.

export interface TrendEvidence {
  present: boolean
  weeks: number
  /** Normal score of the Mann–Kendall S (continuity-corrected); positive = rising. */
  z: number
  text: string
}

const Z_CRITICAL = 1.96
const MAX_WEEKS = 12

export function trendEvidence(values: readonly number[]): TrendEvidence {
  const weeks = Math.min(MAX_WEEKS, Math.floor(values.length / 7))
  const means: number[] = []
  for (let w = weeks; w >= 1; w--) {
    const from = values.length - w * 7
    let sum = 0
    for (let i = from; i < from + 7; i++) sum += values[i] as number
    means.push(sum / 7)
  }
  let s = 0
  for (let i = 0; i < means.length; i++)
    for (let j = i + 1; j < means.length; j++) s += Math.sign((means[j] as number) - (means[i] as number))
  const n = means.length
  const variance = (n * (n - 1) * (2 * n + 5)) / 18
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0
  const present = Math.abs(z) >= Z_CRITICAL
  const dir = z > 0 ? 'rising' : 'falling'
  const text = present
    ? `${dir} trend: Mann–Kendall z ${z.toFixed(2)} on ${n} weekly means since the last level shift`
    : `no trend evidence (Mann–Kendall z ${z.toFixed(2)} on ${n} weekly means, |z| < ${Z_CRITICAL})`
  return { present, weeks: n, z, text }
}
