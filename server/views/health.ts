// What /api/health says, built from the state of each part at `now`: ok, or
// degraded with every reason a person can act on (store unreachable, writes
// failing, spool filling or dropping, collectors failing, series stale, a
// refused config). A pure function so each reason is tested as a table row.
import type { CollectorHealth } from '../../collectors/health.ts'
import type { CapacitySnapshot, MetricStatus } from '../capacity/snapshot/types.ts'
import type { IngestStats } from '../ingest/types.ts'
import type { StoreState } from '../store/store-monitor.ts'
import type { HealthReason, HealthReport } from './health-types.ts'
import { runSteps } from '../capacity/steps.ts'

export type { HealthReason, HealthReport, HealthReasonCode, SpoolHealth } from './health-types.ts'

/** Spool fill (bytes / maxBytes) from which health says it is filling. */
export const SPOOL_FILLING_AT = 0.5
/** Consecutive failed runs from which a collector counts as failing. */
export const COLLECTOR_FAILING_AFTER = 3
const LISTED = 5

export interface HealthInput {
  storeKind: string
  store: StoreState
  ingest: IngestStats
  collectors: readonly CollectorHealth[]
  configError: string | null
  now: number
  /** The stale series' reason, already worked out (memoStaleReasons: it walks every metric) ... */
  stale?: HealthReason[]
  /** ... or the snapshot to find them in. */
  snapshot?: CapacitySnapshot | null
}

function percent(f: number): string {
  return `${Math.round(f * 100)} %`
}

function list(names: string[]): string {
  return names.length > LISTED ? `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more` : names.join(', ')
}

function storeReasons(input: HealthInput): HealthReason[] {
  const { store, ingest } = input
  if (!store.reachable) {
    return [
      {
        code: 'store-unreachable',
        message: `store unreachable: ${store.lastError ?? `the ${input.storeKind} store does not answer`}${store.since ? ` (since ${store.since})` : ''}; new points are kept in the spool`,
      },
    ]
  }
  if (ingest.writeFailingSince !== null) {
    return [
      {
        code: 'store-writes-failing',
        message: `store writes failing since ${new Date(ingest.writeFailingSince).toISOString()}: ${ingest.lastError ?? 'no detail'}; ${ingest.buffered} points waiting`,
      },
    ]
  }
  return []
}

function spoolReasons(input: HealthInput): HealthReason[] {
  const spool = input.ingest.spool
  if (!spool) return []
  const out: HealthReason[] = []
  if (spool.fill >= SPOOL_FILLING_AT) {
    out.push({
      code: 'spool-filling',
      message: `spool ${percent(spool.fill)} full (${spool.bytes} of ${spool.maxBytes} bytes); at 100 % the oldest points are dropped`,
    })
  }
  if (spool.dropped > 0) {
    out.push({ code: 'spool-dropped', message: `${spool.dropped} points dropped since start because the spool was full` })
  }
  if (spool.lastError) out.push({ code: 'spool-disk-error', message: `spool: ${spool.lastError}` })
  return out
}

function collectorReasons(input: HealthInput): HealthReason[] {
  const failing = input.collectors.filter((c) => c.enabled && c.consecutiveFailures >= COLLECTOR_FAILING_AFTER)
  if (failing.length === 0) return []
  const names = failing.map(
    (c) => `${c.id} (${c.consecutiveFailures} failed runs${c.lastError ? `: ${c.lastError.message}` : ''})`,
  )
  return [{ code: 'collectors-failing', message: `collectors failing: ${list(names)}` }]
}

/** What staleness needs of a metric's status. */
export type StaleInput = Pick<MetricStatus, 'app' | 'metric' | 'at' | 'stale' | 'staleAfterSeconds'>

/** Series among `metrics` with no recent sample at `now`, as at most one reason. */
export function staleReasonsOf(metrics: Iterable<StaleInput>, now: number): HealthReason[] {
  return runSteps(staleReasonsSteps(metrics, now))
}

/** staleReasonsOf(), yielding after each metric. */
export function* staleReasonsSteps(metrics: Iterable<StaleInput>, now: number): Generator<void, HealthReason[]> {
  const stale: string[] = []
  for (const m of metrics) {
    const age = m.at === null ? null : (now - Date.parse(m.at)) / 1000
    if (m.stale || (age !== null && m.staleAfterSeconds !== null && age > m.staleAfterSeconds)) stale.push(`${m.app}/${m.metric}`)
    yield
  }
  if (stale.length === 0) return []
  return [{ code: 'collectors-stale', message: `${stale.length} series stale (no recent sample): ${list(stale)}` }]
}

/** Series with no recent sample in `snapshot` at `now`, as at most one reason. */
export function staleReasons(input: Pick<HealthInput, 'snapshot' | 'now'>): HealthReason[] {
  return staleReasonsOf(
    (input.snapshot?.applications ?? []).flatMap((a) => a.metrics),
    input.now,
  )
}

/**
 * staleReasonsOf() worked out once per version of the metrics and second: it walks every metric, and a
 * load balancer's probe asking /api/health many times a second made it most of the endpoint's cost.
 * `metrics` is asked for only when the memo misses; `version` names what it would give (the live
 * state's sequence number), so health never assembles a whole snapshot to find stale series (at
 * 10 000 metrics that was a 100-250 ms request once a second).
 */
export function memoStaleReasons(): (version: number, metrics: () => Iterable<StaleInput>, now: number) => HealthReason[] {
  let last: { version: number; second: number; reasons: HealthReason[] } | null = null
  return (version, metrics, now) => {
    const second = Math.floor(now / 1000)
    if (last === null || last.version !== version || last.second !== second)
      last = { version, second, reasons: staleReasonsOf(metrics(), now) }
    return last.reasons
  }
}

export function buildHealthReport(input: HealthInput): Omit<HealthReport, 'version' | 'uptimeSeconds' | 'backfill'> {
  const reasons = [
    ...storeReasons(input),
    ...spoolReasons(input),
    ...collectorReasons(input),
    ...(input.stale ?? staleReasons(input)),
    ...(input.configError ? [{ code: 'config-rejected' as const, message: input.configError }] : []),
  ]
  const spool = input.ingest.spool
  return {
    status: reasons.length === 0 ? 'ok' : 'degraded',
    reasons,
    store: input.storeKind,
    storeReachable: input.store.reachable,
    storeState: input.store,
    spool: spool
      ? {
          bytes: spool.bytes,
          maxBytes: spool.maxBytes,
          fill: Math.round(spool.fill * 10_000) / 10_000,
          segments: spool.segments,
          pendingPoints: input.ingest.buffered,
          replayedPoints: spool.replayed,
          droppedPoints: spool.dropped,
        }
      : null,
    ingest: {
      buffered: input.ingest.buffered,
      written: input.ingest.written,
      dropped: input.ingest.dropped,
      lastWriteAt: input.ingest.lastWriteAt === null ? null : new Date(input.ingest.lastWriteAt).toISOString(),
    },
    configError: input.configError,
  }
}
