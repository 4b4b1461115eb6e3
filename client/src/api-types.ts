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

export type { BackfillStatus as BackfillProgress } from '../../server/collection/backfill.ts'
export type {
  HealthResponse as Health,
  HealthReason,
  SeriesPoint,
  SeriesResponse,
  MeResponse as Me,
} from '../../server/http/api-types/core.ts'
