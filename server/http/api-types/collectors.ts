// Shapes of the collectors and imports API, shared with the client as
// type-only imports (erased at build): GET /api/collectors, POST
// /api/collectors/:id/run, the `runCollector` socket command, the
// `collectors` push, POST/GET /api/imports and the `importProgress` push.
// Nothing here may import node or server runtime code: the browser build reads it.
import type { CollectorHealth, CollectorState } from '../../../collectors/health.ts'

export type { CollectorHealth, CollectorState }

/**
 * One collector as the UI sees it. Never its plugin `config:` block: that is
 * where URLs with credentials, tokens and SNMP keys live.
 */
export interface CollectorInfo {
  id: string
  type: string
  enabled: boolean
  /** node-cron expression with seconds, as in collectors.yaml. */
  schedule: string
  /** Per-run timeout as written in collectors.yaml, e.g. "10s". */
  timeout: string
  /**
   * Shard index this collector hashes to when collection is split over
   * `headroom collect --shard i/n` processes (HEADROOM_COLLECT_SHARDS=n on the
   * server); absent when collection is not sharded.
   */
  shard?: number
  health: CollectorHealth
}

/** GET /api/collectors */
export interface CollectorsResponse {
  /** False when this server runs with --no-collect / HEADROOM_COLLECT=off (separate collect processes). */
  collecting: boolean
  collectors: CollectorInfo[]
}

/** POST /api/collectors/:id/run (operator role) answers 200 with the health after the run. */
export type RunCollectorResponse = CollectorHealth

/** The one ack shape of every socket command. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string }

/** Socket command `runCollector` (operator role): payload and ack. */
export interface RunCollectorCommand {
  id: string
}
export type RunCollectorAck = Ack<CollectorHealth>

/** Socket push `collectors`: every collector's health, at most about once a second, on change. */
export type CollectorsPush = CollectorHealth[]

export const importKinds = ['auto', 'driver-actuals', 'driver-forecast', 'perf-test'] as const
export type ImportKind = (typeof importKinds)[number]

/**
 * done: every row stored; done-with-errors: some rows stored, `errorCount` not
 * ("done with N errors" in `message`); failed: nothing stored (a whole-file
 * problem, or not one valid row).
 */
export type ImportState = 'running' | 'done' | 'done-with-errors' | 'failed'

/**
 * Socket push `importProgress`, and one entry of GET /api/imports.
 * Sent as the upload is imported (throttled) and once with the final state.
 */
export interface ImportProgressEvent {
  importId: string
  /** File name as uploaded (?name=), used in every error line. */
  name: string
  state: ImportState
  bytesRead: number
  totalBytes: number
  /** Data rows read, good and bad. */
  rows: number
  /** Samples handed to the write pipeline. */
  samples: number
  /** First 20 row errors as `file:line field: message`. */
  errors: string[]
  /** All row errors, including those not listed. */
  errorCount: number
  /** Kind of file as decided (from ?kind= or the header), once known. */
  kind?: Exclude<ImportKind, 'auto'>
  /** The outcome in words once it is over: "done with 3 errors", "failed: 0 valid rows of 12", a whole-file problem. */
  message?: string
  startedAt: string
  finishedAt?: string
}

/** POST /api/imports (operator role, body: the CSV as text/csv; ?kind=&version=&name=) answers 202. */
export interface ImportAccepted {
  importId: string
}

/** GET /api/imports: recent imports, newest first, with their latest (or final) state. */
export interface ImportsResponse {
  imports: ImportProgressEvent[]
}
