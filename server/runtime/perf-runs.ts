// Performance-test runs recorded from monitoring. A run is a time window on a
// non-live environment (collectors.yaml `environments:`); its series are read
// from the store (tag environment=<id>), the pure extraction finds each load
// metric's sustained peak and the utilisation at it, and each peak, scaled to
// live, is written as limit evidence exactly as a perf-test CSV row is
// (app/metric, tags source=perf-test[, environment_scale]). The run itself is
// a state document (kind 'perf-run') and its recording an audit entry.
import { extractPerfRun, type PerfRunPeak, type PerfRunSeries } from '../capacity/feedback/perf-run.ts'
import { effectiveLimit } from '../capacity/limits/limits.ts'
import { environmentScale, LIVE_ENVIRONMENT, type EnvironmentConfig } from '../config/environments-schema.ts'
import type { Estate } from '../config/schema.ts'
import { HttpError } from '../request-error.ts'
import type { StateStore } from '../store/state-types.ts'
import type { Point, Store } from '../store/types.ts'
import type { Actor } from './upgrade-plan.ts'

export const PERF_RUN_KIND = 'perf-run'
const MINUTE = 60_000
/** Longer windows are a mistake (a month is not a test run) and slow to read at one-minute steps. */
export const MAX_RUN_MS = 7 * 24 * 60 * MINUTE

export interface PerfRunRequest {
  environment: string
  from: Date
  to: Date
  name?: string
  /** Only these applications (default: every application the environment has series for). */
  apps?: string[]
}

export interface PerfRunRecord {
  id: string
  name: string
  environment: string
  from: string
  to: string
  recordedAt: string
  recordedBy: string
  /** Bucket width the series were read at: a minute, or the environment's own sampling interval if longer. */
  stepMs: number
  sustainMinutes: number
  peaks: PerfRunPeak[]
  skipped: { app: string; metric: string; reason: string }[]
}

export interface PerfRuns {
  list(): Promise<PerfRunRecord[]>
  record(request: PerfRunRequest, actor: Actor): Promise<PerfRunRecord>
}

export interface PerfRunDeps {
  store: Store & StateStore
  estate: () => Estate
  environments: () => readonly EnvironmentConfig[]
  now?: () => Date
  /** Called after a run's evidence is stored (the engine and feedback read it). */
  onRecorded?: (run: PerfRunRecord) => void
}

function compact(d: Date): string {
  return d.toISOString().slice(0, 16).replace(/[-:]/g, '')
}

function checkRequest(deps: PerfRunDeps, r: PerfRunRequest, now: Date): EnvironmentConfig {
  const known = deps.environments()
  if (r.environment === LIVE_ENVIRONMENT)
    throw new HttpError(
      400,
      'environment: a perf run is read from a test environment, not live; name one of collectors.yaml environments',
    )
  const env = known.find((e) => e.id === r.environment)
  if (!env)
    throw new HttpError(
      404,
      `environment: unknown environment "${r.environment}"; declared: ${known.map((e) => e.id).join(', ') || 'none (add environments: to collectors.yaml)'}`,
    )
  if (Number.isNaN(r.from.getTime()) || Number.isNaN(r.to.getTime()))
    throw new HttpError(400, 'from/to: expected ISO times like 2026-10-14T09:00:00Z')
  if (r.from >= r.to) throw new HttpError(400, `from (${r.from.toISOString()}) must be before to (${r.to.toISOString()})`)
  if (r.to.getTime() - r.from.getTime() > MAX_RUN_MS)
    throw new HttpError(400, 'the window is longer than 7 days; a test run is hours, record each run on its own')
  if (r.from > now) throw new HttpError(400, `from (${r.from.toISOString()}) is in the future`)
  const apps = new Set(deps.estate().applications.map((a) => a.id))
  const unknown = (r.apps ?? []).filter((a) => !apps.has(a))
  if (unknown.length > 0) throw new HttpError(404, `apps: unknown application "${unknown[0]}"; known: ${[...apps].join(', ')}`)
  return env
}

/** One bucket width for the run: a minute, or the slowest series' own interval rounded up to whole minutes. */
async function stepFor(
  store: Store,
  keys: { app: string; metric: string }[],
  env: string,
  from: Date,
  to: Date,
): Promise<number> {
  const span = to.getTime() - from.getTime()
  let step = MINUTE
  for (const k of keys) {
    const buckets = await store.range({ ...k, from, to, stepMs: span, tags: { environment: env } })
    const count = buckets.reduce((n, b) => n + b.count, 0)
    if (count > 1) step = Math.max(step, Math.ceil(span / count / MINUTE) * MINUTE)
  }
  return step
}

export function createPerfRuns(deps: PerfRunDeps): PerfRuns {
  const now = deps.now ?? (() => new Date())
  return {
    async list() {
      const runs = (await deps.store.listState(PERF_RUN_KIND)).map((r) => r.doc as PerfRunRecord)
      return runs.sort((a, b) => b.from.localeCompare(a.from))
    },
    async record(request, actor) {
      const at = now()
      const env = checkRequest(deps, request, at)
      const to = request.to > at ? at : request.to
      const estate = deps.estate()
      const wanted = request.apps ? new Set(request.apps) : null
      const present = new Set(
        (await deps.store.listSeries()).filter((s) => s.tags?.environment === env.id).map((s) => `${s.app}/${s.metric}`),
      )
      const metrics = estate.applications.flatMap((a) =>
        wanted && !wanted.has(a.id) ? [] : a.metrics.filter((m) => present.has(`${a.id}/${m.id}`)).map((m) => ({ app: a.id, m })),
      )
      if (metrics.length === 0)
        throw new HttpError(
          404,
          `no series from environment "${env.id}"${wanted ? ` for ${[...wanted].join(', ')}` : ''} in the store; is a collector with environment: ${env.id} running?`,
        )
      const stepMs = await stepFor(
        deps.store,
        metrics.map(({ app, m }) => ({ app, metric: m.id })),
        env.id,
        request.from,
        to,
      )
      const series: PerfRunSeries[] = []
      for (const { app, m } of metrics) {
        const buckets = await deps.store.range({
          app,
          metric: m.id,
          from: request.from,
          to,
          stepMs,
          tags: { environment: env.id },
        })
        series.push({
          app,
          metric: m.id,
          kind: m.kind,
          unit: m.unit,
          breakpoint: effectiveLimit(m).value,
          buckets: buckets.map((b) => ({ at: b.at.getTime(), mean: b.mean })),
        })
      }
      const { peaks, skipped } = extractPerfRun(
        series,
        { from: request.from, to },
        { stepMs, sustainMinutes: env.sustainMinutes, scaleOf: (app) => environmentScale(env, app) },
      )
      const evidence: Point[] = peaks.map((p) => {
        // The same tags a perf-test CSV row gets (collectors/plugins/csv/kinds.ts), so feedback reads both alike.
        const tags: Record<string, string> = { source: 'perf-test' }
        if (p.environmentScale !== 1) tags.environment_scale = String(p.environmentScale)
        return { app: p.app, metric: p.metric, value: p.liveEquivalent, at: new Date(p.from), tags }
      })
      if (evidence.length > 0) await deps.store.write(evidence)
      const id = `${env.id}-${compact(request.from)}-${compact(to)}`
      const run: PerfRunRecord = {
        id,
        name: request.name?.trim() || `${env.name ?? env.id} ${request.from.toISOString().slice(0, 16).replace('T', ' ')}`,
        environment: env.id,
        from: request.from.toISOString(),
        to: to.toISOString(),
        recordedAt: at.toISOString(),
        recordedBy: actor.name,
        stepMs,
        sustainMinutes: env.sustainMinutes,
        peaks,
        skipped,
      }
      await deps.store.putState(PERF_RUN_KIND, id, run)
      await deps.store.appendAudit({
        at,
        kind: PERF_RUN_KIND,
        actor: actor.name,
        role: actor.role,
        action: 'record',
        target: id,
        detail: {
          environment: env.id,
          from: run.from,
          to: run.to,
          peaks: peaks.map((p) => `${p.app}/${p.metric} ${p.measured} → ${p.liveEquivalent}`),
        },
      })
      deps.onRecorded?.(run)
      return run
    },
  }
}
