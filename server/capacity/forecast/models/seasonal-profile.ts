// A robust weekly profile for the candidates that model level and trend on
// a seasonally adjusted series (Theta, as forecast::thetaf does, and the
// seasonal part of exponential smoothing's start): for each weekday, the
// median of its deviations from a centred 7-day mean.

/** Additive seasonal indices (sum 0) for `period`; all zeros when the series is too short. */
export function seasonalProfile(values: readonly number[], period: number): number[] {
  const n = values.length
  const half = Math.floor(period / 2)
  const byPhase: number[][] = Array.from({ length: period }, () => [])
  if (n < 2 * period) return new Array<number>(period).fill(0)
  for (let i = half; i < n - half; i++) {
    let sum = 0
    for (let j = i - half; j <= i + half; j++) sum += values[j] as number
    // Even periods would need a 2×m moving average; the engine only models 7.
    ;(byPhase[i % period] as number[]).push((values[i] as number) - sum / (2 * half + 1))
  }
  const medians = byPhase.map((d) => {
    const s = [...d].sort((a, b) => a - b)
    const m = Math.floor(s.length / 2)
    return s.length === 0 ? 0 : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
  })
  const mean = medians.reduce((s, v) => s + v, 0) / period
  return medians.map((v) => v - mean)
}

/** Index i of the series sits at phase i % period, so a forecast h steps past n sits at (n + h) % period. */
export function seasonalAt(profile: readonly number[], index: number): number {
  return profile.length === 0 ? 0 : (profile[index % profile.length] as number)
}
