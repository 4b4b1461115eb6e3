// GET /api/health, without a token: load balancers and the reconnecting
// client probe it. HTTP 200 for both "ok" and "degraded" (a degraded server
// still serves the live view); the reasons and the spool's fill level say
// what is wrong. See server/views/health.ts.
import { Router } from 'express'
import type { BackfillStatus } from '../collection/backfill.ts'
import type { HealthResponse } from './api-types/core.ts'

export interface HealthDeps {
  version: string
  startedAt: Date
  backfill: () => BackfillStatus
  report: () => Omit<HealthResponse, 'version' | 'uptimeSeconds' | 'backfill'>
  /** Live state and engine progress, event-loop delay (scale: how settled, how responsive). */
  runtime?: () => Record<string, unknown>
}

export function healthOf(deps: HealthDeps): HealthResponse {
  const body: HealthResponse = {
    ...deps.report(),
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
    backfill: deps.backfill(),
  }
  return deps.runtime ? { ...body, ...deps.runtime() } : body
}

export function createHealthRouter(deps: HealthDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    res.json(healthOf(deps))
  })
  return router
}
