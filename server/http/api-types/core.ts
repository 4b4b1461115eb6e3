// Shapes of the core REST answers (health, series, me), shared with the
// client as type-only imports. No runtime code and no express types here, so
// the client's type-check sees exactly what the browser receives.
import type { BackfillStatus } from '../../collection/backfill.ts'
import type { Role } from '../../config/server-schema.ts'

/** GET /api/health: answered without a token (load balancers, the reconnecting client). */
export interface HealthResponse {
  status: 'ok'
  store: string
  version: string
  uptimeSeconds: number
  backfill: BackfillStatus
  /** Set when a hot reload of config/ failed and the old config is still in force. */
  configError: string | null
}

export interface SeriesPoint {
  at: string
  mean: number
  max: number
  count: number
}

/** GET /api/series?app=&metric=&from=&to=&step=: bucketed history. */
export interface SeriesResponse {
  app: string
  metric: string
  from: string
  to: string
  stepMs: number
  points: SeriesPoint[]
}

/** GET /api/me: who the current token belongs to. */
export interface MeResponse {
  name: string | null
  role: Role | null
  display: boolean
  authEnabled: boolean
}
