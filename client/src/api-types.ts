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

export type { BackfillStatus as BackfillProgress } from '../../server/collection/backfill.ts'
export type { HealthResponse as Health, SeriesPoint, SeriesResponse, MeResponse as Me } from '../../server/http/api-types/core.ts'
