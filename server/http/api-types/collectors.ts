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

export { importKinds } from '../../imports/import-types.ts'
export type { ImportAccepted, ImportKind, ImportProgressEvent, ImportState, ImportsResponse } from '../../imports/import-types.ts'
