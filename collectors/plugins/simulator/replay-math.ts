/** Median gap of ascending times; the loop period adds one of these so the wrap takes one usual step. */
export function medianStepMs(times: readonly number[]): number {
  const gaps: number[] = []
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!)
  gaps.sort((a, b) => a - b)
  return gaps[Math.floor(gaps.length / 2)] ?? 0
}
