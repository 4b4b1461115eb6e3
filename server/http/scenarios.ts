// GET /api/scenarios lists the saved what-ifs; POST /api/scenarios/:id/run
// runs one (viewer role is enough: a run changes nothing), with optional
// ad-hoc overrides in the body.
import { Router } from 'express'
import type { ScenariosResponse } from '../views/responses.ts'
import { HttpError } from './errors.ts'
import { runSavedScenario } from '../views/scenario-run.ts'
import type { EngineApiDeps } from '../views/view-deps.ts'

export function createScenariosRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: ScenariosResponse = { scenarios: [...deps.scenarios()] }
    res.json(body)
  })
  router.post('/:id/run', (req, res) => {
    // express.json leaves body undefined without a JSON content type; {} means no overrides.
    const body: unknown = req.body
    const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)
    const outcome = runSavedScenario(deps, req.params.id, empty ? undefined : body)
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.error)
    res.json(outcome.data)
  })
  return router
}
