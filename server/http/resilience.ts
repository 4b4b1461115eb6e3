// GET /api/resilience (viewer): N-1 per resilience group and chain, and DR
// reserves with what they could absorb, from the engine's latest run.
import { Router } from 'express'
import { engineResult, type EngineApiDeps } from '../views/view-deps.ts'
import type { ResilienceResponse } from './api-types/plan.ts'

export function createResilienceRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const result = engineResult(deps)
    const body: ResilienceResponse = { generatedAt: result.generatedAt, ...result.resilience }
    res.json(body)
  })
  return router
}
