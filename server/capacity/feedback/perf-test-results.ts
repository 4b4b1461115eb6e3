// Imported performance-test results (the perf-test CSV: date, app, metric,
// measured_max, environment_scale) against the highest live peak, in the same
// shape as the configured limits' check so one table shows both. A result is
// a measured maximum on a test rig, scaled to live by the rig's size.
import type { LimitCheck } from './feedback.ts'

export interface PerfTestResult {
  app: string
  metric: string
  /** YYYY-MM-DD of the test. */
  date: string
  /** The value scaled to live (measured_max / environment_scale), as stored. */
  liveEquivalent: number
  environmentScale: number
}

/** One LimitCheck per imported result; a live peak above the live-equivalent maximum contradicts the test. */
export function checkPerfTestResults(
  results: readonly PerfTestResult[],
  livePeak: (app: string, metric: string) => number | null,
): LimitCheck[] {
  return results.map((r) => {
    const peak = livePeak(r.app, r.metric)
    const measured = r.liveEquivalent * r.environmentScale
    const ratio = peak === null ? null : peak / r.liveEquivalent
    const scaled =
      r.environmentScale === 1
        ? `${measured}`
        : `${measured} at ${r.environmentScale * 100} % scale = ${r.liveEquivalent.toFixed(1)} live`
    const status: LimitCheck['status'] = ratio === null ? 'no-data' : ratio > 1 ? 'contradicted' : 'ok'
    const reason =
      ratio === null
        ? `no live peak to compare with the perf test of ${r.date} (${scaled})`
        : ratio > 1
          ? `live peak ${peak} exceeds the perf test of ${r.date} (${scaled}, ${(ratio * 100).toFixed(0)} %): re-test or re-scale`
          : `live peak ${peak} is ${(ratio * 100).toFixed(0)} % of the perf test of ${r.date} (${scaled})`
    return {
      app: r.app,
      metric: r.metric,
      limit: `Imported perf test ${r.date}`,
      source: 'perf-test',
      measured,
      environmentScale: r.environmentScale,
      liveLimit: r.liveEquivalent,
      livePeak: peak,
      ratio,
      status,
      reason,
    }
  })
}
