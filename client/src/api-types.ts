// Shapes of the REST API and socket pushes. Capacity and config types come
// straight from the server sources (type-only imports, erased at build), so
// the client cannot drift from what the server sends.
export type {
  CapacitySnapshot,
  ApplicationStatus,
  MetricStatus,
  ChainStatus,
  ChainStepStatus,
  Rag,
} from '../../server/capacity/snapshot/types.ts'
export type { Estate } from '../../server/config/schema.ts'
export type {
  ApplicationTile,
  AppDelta,
  AppFull,
  LiveSummary,
  TilesDelta,
  TilesFull,
  VersionedMetric,
  VersionedTile,
} from '../../server/capacity/snapshot/live-view.ts'
import type { ApplicationStatus, CapacitySnapshot } from '../../server/capacity/snapshot/types.ts'
import type { ApplicationTile } from '../../server/capacity/snapshot/live-view.ts'

/**
 * An application as the live client holds it: its tile (rag, tightest
 * metric, why, quiet metrics, names) and, while a page watches it, every
 * metric's full status (`metrics` is empty otherwise).
 */
export type LiveApplication = Omit<ApplicationStatus, 'tightest'> &
  Pick<ApplicationTile, 'tightest' | 'cause' | 'quiet' | 'metricCount' | 'names'>

/** The live snapshot the pages read: tiles, chains and engine summary, plus the watched applications' metrics. */
export type LiveSnapshot = Omit<CapacitySnapshot, 'applications'> & { applications: LiveApplication[] }

export type BackfillState = 'idle' | 'running' | 'done' | 'failed'

export interface BackfillProgress {
  state: BackfillState
  done: number
  total: number
  message: string | null
}

export interface Health {
  status: 'ok'
  store: 'duckdb' | 'influxdb'
  version: string
  uptimeSeconds: number
  backfill: BackfillProgress
  /** Set when a hot reload of config/ failed and the old config is still in force. */
  configError?: string | null
}

export interface SeriesPoint {
  at: string
  mean: number
  max: number
  count: number
}

export interface SeriesResponse {
  app: string
  metric: string
  from: string
  to: string
  stepMs: number
  points: SeriesPoint[]
}

/** GET /api/me: who the current token belongs to. */
export interface Me {
  name: string | null
  role: 'viewer' | 'operator' | 'admin' | null
  display: boolean
  authEnabled: boolean
}
