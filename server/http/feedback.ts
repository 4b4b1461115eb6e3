// GET /api/feedback: forecast versions against actuals (MAPE, WAPE, bias),
// perf-test limits against live peaks, and the limits to re-test.
import { Router } from 'express'
import { gatherFeedback } from '../views/feedback.ts'
import type { EngineApiDeps } from '../views/view-deps.ts'

export function createFeedbackRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    res.json(await gatherFeedback(deps))
  })
  return router
}
