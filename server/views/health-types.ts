// GET /api/health and the `health` push, shared with the client as
// type-only imports (through http/api-types/core.ts): nothing here may import runtime code.
import type { BackfillStatus } from '../collection/backfill.ts'

export type HealthReasonCode =
  | 'store-unreachable'
  | 'store-writes-failing'
  | 'spool-filling'
  | 'spool-dropped'
  | 'spool-disk-error'
  | 'collectors-failing'
  | 'collectors-stale'
  | 'config-rejected'

export interface HealthReason {
  code: HealthReasonCode
  /** A sentence a person can act on. */
  message: string
}

export interface SpoolHealth {
  bytes: number
  maxBytes: number
  /** bytes / maxBytes, 0..1. */
  fill: number
  segments: number
  /** Accepted points the store has not confirmed yet. */
  pendingPoints: number
  /** Points found in the spool at start and sent again. */
  replayedPoints: number
  /** Points lost since start because the spool was full. */
  droppedPoints: number
}

export interface HealthReport {
  /** 'degraded' still serves (HTTP 200): the reasons say what is missing. */
  status: 'ok' | 'degraded'
  reasons: HealthReason[]
  store: string
  storeReachable: boolean
  storeState: { reachable: boolean; since: string | null; lastError: string | null; checkedAt: string | null }
  /** null when this process runs without a disk spool. */
  spool: SpoolHealth | null
  ingest: { buffered: number; written: number; dropped: number; lastWriteAt: string | null }
  configError: string | null
  version: string
  uptimeSeconds: number
  backfill: BackfillStatus
}
