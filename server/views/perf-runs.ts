// Recorded perf-test runs for the feedback page: each run's peaks (scaled to
// live) against the highest live peak seen of the same metric, in the same
// terms as the perf-test limit checks (a live peak above the live-equivalent
// maximum contradicts the test), and the environments runs can be read from.
import type { CollectorEntry, EnvironmentConfig } from '../config/schema.ts'
import type { PerfRunRecord } from '../runtime/perf-runs.ts'
import type { EnvironmentView, PerfRunView } from './plan-responses.ts'

export function perfRunView(run: PerfRunRecord, livePeak: (app: string, metric: string) => number | null): PerfRunView {
  return {
    ...run,
    peaks: run.peaks.map((p) => {
      const peak = livePeak(p.app, p.metric)
      const ratio = peak === null || p.liveEquivalent <= 0 ? null : peak / p.liveEquivalent
      return { ...p, livePeak: peak, ratio, status: ratio === null ? 'no-data' : ratio > 1 ? 'contradicted' : 'ok' }
    }),
  }
}

export function environmentViews(
  environments: readonly EnvironmentConfig[],
  collectors: readonly CollectorEntry[],
): EnvironmentView[] {
  return environments.map((e) => ({
    id: e.id,
    name: e.name ?? e.id,
    scaleToLive: e.scaleToLive,
    apps: e.apps,
    sustainMinutes: e.sustainMinutes,
    collectors: collectors.filter((c) => c.environment === e.id).map((c) => c.id),
  }))
}
