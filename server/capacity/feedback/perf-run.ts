// A performance-test run read from monitoring instead of a hand-copied CSV:
// over the run's time window, each throughput or concurrency series of the
// test environment gives its peak *sustained* level: the highest level the
// load stayed at or above for `sustainMinutes` of consecutive buckets, so a
// burst at the step where the system fell over is not the limit, and a
// stepped test reads as its highest step held long enough. Each utilisation
// series of the same application gives its mean over that same stretch
// ("1 200 msg/s at 71 % CPU"). The peak is scaled to
// live by the environment's size (0.5 = half of live), exactly as a perf-test
// CSV row is, and becomes limit evidence.
import type { MetricKind } from '../../config/schema.ts'

export interface PerfRunSeries {
  app: string
  metric: string
  kind: MetricKind
  unit: string
  /** The live breakpoint (for a utilisation metric, its ceiling, the same on any rig). */
  breakpoint: number
  /** Buckets of the environment's series in the window, ascending, `stepMs` apart when nothing is missing. */
  buckets: readonly { at: number; mean: number }[]
}

export interface PerfRunOptions {
  stepMs: number
  sustainMinutes: number
  /** The environment's size for an application (environmentScale). */
  scaleOf: (app: string) => number
}

export interface UtilisationAtPeak {
  metric: string
  unit: string
  /** Mean over the peak's stretch. */
  value: number
  /** value / the metric's ceiling, or null when it has none. */
  ofCeiling: number | null
}

export interface PerfRunPeak {
  app: string
  metric: string
  unit: string
  /** The sustained peak on the rig: the level held for the whole stretch. */
  measured: number
  /** The stretch it was held over (ISO). */
  from: string
  to: string
  environmentScale: number
  /** measured / environmentScale: the evidence offered for the live limit. */
  liveEquivalent: number
  utilisation: UtilisationAtPeak[]
  note: string
}

export interface PerfRunExtraction {
  peaks: PerfRunPeak[]
  /** Load series of the environment that could not give a sustained peak, and why. */
  skipped: { app: string; metric: string; reason: string }[]
}

const LOAD_KINDS: readonly MetricKind[] = ['throughput', 'concurrency']

/**
 * The stretch of `n` consecutive buckets (no gap) whose lowest mean is the
 * highest: its start index and that level. Null when no stretch is long enough.
 */
export function sustainedPeak(
  buckets: readonly { at: number; mean: number }[],
  n: number,
  stepMs: number,
): { start: number; level: number } | null {
  let best: { start: number; level: number } | null = null
  for (let i = 0; i + n <= buckets.length; i++) {
    const first = buckets[i] as { at: number }
    const last = buckets[i + n - 1] as { at: number }
    if (last.at - first.at !== (n - 1) * stepMs) continue
    let level = Infinity
    for (let j = i; j < i + n; j++) level = Math.min(level, (buckets[j] as { mean: number }).mean)
    if (best === null || level > best.level) best = { start: i, level }
  }
  return best
}

function round(x: number): number {
  return Number(x.toPrecision(6))
}

function utilisationOver(series: readonly PerfRunSeries[], app: string, from: number, to: number): UtilisationAtPeak[] {
  return series
    .filter((s) => s.app === app && s.kind === 'utilisation')
    .flatMap((s) => {
      const inside = s.buckets.filter((b) => b.at >= from && b.at < to)
      if (inside.length === 0) return []
      const value = inside.reduce((sum, b) => sum + b.mean, 0) / inside.length
      return [{ metric: s.metric, unit: s.unit, value: round(value), ofCeiling: s.breakpoint > 0 ? value / s.breakpoint : null }]
    })
}

function noteOf(p: Omit<PerfRunPeak, 'note'>, minutes: number): string {
  const held = `held ${p.measured} ${p.unit} for ${minutes} min from ${p.from.slice(11, 16)} UTC`
  const scaled = p.environmentScale === 1 ? '' : ` = ${p.liveEquivalent} live at ${p.environmentScale * 100} % scale`
  const util = p.utilisation.map(
    (u) =>
      `${u.metric} ${u.value} ${u.unit}${u.ofCeiling === null ? '' : ` (${Math.round(u.ofCeiling * 100)} % of its ceiling)`}`,
  )
  const below = p.utilisation.length > 0 && p.utilisation.every((u) => u.ofCeiling !== null && u.ofCeiling < 0.9)
  return `${held}${scaled}${util.length ? `, at ${util.join(', ')}` : ''}${below ? '; no resource reached 90 % of its ceiling, so the real limit is higher' : ''}`
}

export function extractPerfRun(
  series: readonly PerfRunSeries[],
  window: { from: Date; to: Date },
  options: PerfRunOptions,
): PerfRunExtraction {
  const n = Math.max(1, Math.ceil((options.sustainMinutes * 60_000) / options.stepMs))
  const from = window.from.getTime()
  const to = window.to.getTime()
  const peaks: PerfRunPeak[] = []
  const skipped: PerfRunExtraction['skipped'] = []
  for (const s of series.filter((x) => LOAD_KINDS.includes(x.kind))) {
    const inside = s.buckets.filter((b) => b.at >= from && b.at < to)
    const best = sustainedPeak(inside, n, options.stepMs)
    if (!best) {
      const minutes = Math.round((inside.length * options.stepMs) / 60_000)
      skipped.push({
        app: s.app,
        metric: s.metric,
        reason:
          inside.length === 0
            ? 'no samples from this environment in the window'
            : `only ${minutes} min of samples without a gap; a sustained peak needs ${options.sustainMinutes} min`,
      })
      continue
    }
    const start = (inside[best.start] as { at: number }).at
    const end = start + n * options.stepMs
    const scale = options.scaleOf(s.app)
    const peak = {
      app: s.app,
      metric: s.metric,
      unit: s.unit,
      measured: round(best.level),
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      environmentScale: scale,
      liveEquivalent: round(best.level / scale),
      utilisation: utilisationOver(series, s.app, start, end),
    }
    peaks.push({ ...peak, note: noteOf(peak, options.sustainMinutes) })
  }
  return { peaks, skipped }
}
