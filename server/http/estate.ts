import { Router } from 'express'
import type { Estate } from '../config/schema.ts'

/** The estate exactly as loaded (after defaults), so the UI and API users see what the engine sees. */
export function createEstateRouter(deps: { estate: () => Estate }): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    res.json(deps.estate())
  })
  return router
}
