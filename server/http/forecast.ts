// GET /api/forecast?app=&metric=: the full forecast band of one metric
// (app=drivers&metric=<id> for a driver).
import { Router } from 'express'
import { buildForecast } from '../views/forecast.ts'
import { requiredQuery, type EngineApiDeps } from '../views/view-deps.ts'

export function createForecastRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', (req, res) => {
    const app = requiredQuery(req.query.app, 'app')
    const metric = requiredQuery(req.query.metric, 'metric')
    res.json(buildForecast(deps, app, metric))
  })
  return router
}
