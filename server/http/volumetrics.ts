// GET /api/volumetrics[?version=]: per metric, the load model fitted from
// hourly actuals (coefficients, R², or the reason it was refused) beside the
// configured one, and each imported driver-forecast version as a projected
// peak load and breach date. The answer changes only when the engine has run
// again (new history, new imports), so it is computed once per engine result.
import { Router } from 'express'
import { optionalQuery, type EngineApiDeps } from '../views/view-deps.ts'
import { gatherVolumetrics, onlyVersion } from '../views/volumetrics.ts'
import type { VolumetricsResponse } from '../views/responses.ts'
import { HttpError } from './errors.ts'

export function createVolumetricsRouter(deps: EngineApiDeps): Router {
  const router = Router()
  let cached: { stamp: string; body: Promise<VolumetricsResponse> } | null = null
  function full(): Promise<VolumetricsResponse> {
    const stamp = deps.engine.current()?.generatedAt ?? ''
    if (cached?.stamp !== stamp || !stamp) {
      const body = gatherVolumetrics(deps)
      cached = { stamp, body }
      // A failed read must not stick: the next request tries again.
      body.catch(() => {
        if (cached?.body === body) cached = null
      })
    }
    return cached.body
  }
  router.get('/', async (req, res) => {
    const version = optionalQuery(req.query.version, 'version')
    const body = await full()
    if (version === null) return void res.json(body)
    const one = onlyVersion(body, version)
    if (one instanceof Error) throw new HttpError(404, one.message)
    res.json(one)
  })
  return router
}
