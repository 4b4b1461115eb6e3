import { Router } from 'express'
import type { HealthResponse } from './api-types/core.ts'
import type { BackfillStatus } from '../collection/backfill.ts'

export interface HealthDeps {
  storeKind: string
  version: string
  startedAt: Date
  backfill: () => BackfillStatus
  configError: () => string | null
}

export function createHealthRouter(deps: HealthDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: HealthResponse = {
      status: 'ok',
      store: deps.storeKind,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      backfill: deps.backfill(),
      configError: deps.configError(),
    }
    res.json(body)
  })
  return router
}
