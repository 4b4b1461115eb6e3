// What the UI, /metrics and alerting know about each collector. Times are
// ISO strings so a health record goes over socket.io and JSON unchanged.
import { redactText } from '../server/security/redact.ts'

export type CollectorState = 'ok' | 'failing' | 'backoff' | 'running' | 'idle'

export interface CollectorHealth {
  id: string
  type: string
  /**
   * idle: not run yet (or disabled); running: a run is in flight; ok: the last
   * run succeeded; backoff: the last run failed and the retry wait has not
   * passed; failing: the last run failed and the next tick will retry.
   */
  state: CollectorState
  enabled: boolean
  schedule: string
  lastRunAt: string | null
  lastSuccess: string | null
  /** The message names the target at fault, e.g. `[url=http://…] timed out after 5s`. */
  lastError: { at: string; message: string } | null
  lastDurationMs: number | null
  lastSamples: number
  /** Failed runs plus per-target errors, since start. */
  errorCount: number
  consecutiveFailures: number
  /** Ticks skipped because the previous run had not finished. */
  skippedOverlaps: number
  /** Ticks skipped because the collector was waiting out its backoff. */
  skippedBackoff: number
  /** When a failing collector may run again, or null. */
  nextAttemptAt: string | null
}

/** Mutable per-collector record the scheduler keeps; `snapshot` derives the state. */
export interface HealthRecord {
  id: string
  type: string
  enabled: boolean
  schedule: string
  running: boolean
  lastRunAt: number | null
  lastSuccess: number | null
  lastFailed: boolean
  lastError: { at: number; message: string } | null
  lastDurationMs: number | null
  lastSamples: number
  errorCount: number
  consecutiveFailures: number
  skippedOverlaps: number
  skippedBackoff: number
  nextAttemptAt: number | null
}

export function newHealthRecord(id: string, type: string, enabled: boolean, schedule: string): HealthRecord {
  return {
    id,
    type,
    enabled,
    schedule,
    running: false,
    lastRunAt: null,
    lastSuccess: null,
    lastFailed: false,
    lastError: null,
    lastDurationMs: null,
    lastSamples: 0,
    errorCount: 0,
    consecutiveFailures: 0,
    skippedOverlaps: 0,
    skippedBackoff: 0,
    nextAttemptAt: null,
  }
}

export function stateOf(r: HealthRecord, now: number): CollectorState {
  if (r.running) return 'running'
  if (r.lastRunAt === null) return 'idle'
  if (!r.lastFailed) return 'ok'
  return r.nextAttemptAt !== null && now < r.nextAttemptAt ? 'backoff' : 'failing'
}

export function snapshotHealth(r: HealthRecord, now: number): CollectorHealth {
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString())
  return {
    id: r.id,
    type: r.type,
    state: stateOf(r, now),
    enabled: r.enabled,
    schedule: r.schedule,
    lastRunAt: iso(r.lastRunAt),
    lastSuccess: iso(r.lastSuccess),
    lastError: r.lastError ? { at: new Date(r.lastError.at).toISOString(), message: r.lastError.message } : null,
    lastDurationMs: r.lastDurationMs,
    lastSamples: r.lastSamples,
    errorCount: r.errorCount,
    consecutiveFailures: r.consecutiveFailures,
    skippedOverlaps: r.skippedOverlaps,
    skippedBackoff: r.skippedBackoff,
    nextAttemptAt: iso(r.nextAttemptAt),
  }
}

/**
 * Folds one run's outcome into the record. A run fails when it threw, timed
 * out or was stopped, or when every target failed (errors and no samples);
 * a failure schedules the next attempt `backoffMs` after it ended.
 */
export function recordOutcome(
  r: HealthRecord,
  outcome: { runError: Error | null; errors: Error[]; samples: unknown[] },
  started: number,
  ended: number,
  backoffMs: (consecutiveFailures: number) => number,
): { failed: boolean; last: Error | null } {
  r.running = false
  r.lastDurationMs = ended - started
  r.lastSamples = outcome.samples.length
  const failed = outcome.runError !== null || (outcome.errors.length > 0 && outcome.samples.length === 0)
  r.errorCount += outcome.errors.length + (outcome.runError ? 1 : 0)
  const last = outcome.runError ?? outcome.errors.at(-1) ?? null
  // Error text may come from any library (fetch quotes its URL): redacted before it is kept.
  if (last) r.lastError = { at: ended, message: redactText(last.message) }
  if (failed) {
    r.lastFailed = true
    r.consecutiveFailures += 1
    r.nextAttemptAt = ended + backoffMs(r.consecutiveFailures)
  } else {
    r.lastFailed = false
    r.lastSuccess = ended
    r.consecutiveFailures = 0
    r.nextAttemptAt = null
  }
  return { failed, last }
}
