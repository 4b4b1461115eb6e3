// GET /api/scenarios lists the saved what-ifs; POST /api/scenarios/:id/run
// runs one (viewer role is enough: a run changes nothing), with optional
// ad-hoc overrides in the body. The what-if editor composes its own:
// POST /api/scenarios/what-if runs one and POST /api/scenarios/what-if/yaml
// gives its YAML block (operator: the editor is an operator's tool), and
// PUT /api/scenarios/:id writes it into config/scenarios.yaml (admin: it
// changes the config).
import { Router, type Response } from 'express'
import type { ScenariosResponse } from '../views/responses.ts'
import { allowRead } from './access.ts'
import { requireRole } from './auth.ts'
import { HttpError } from './errors.ts'
import { runSavedScenario } from '../views/scenario-run.ts'
import type { EngineApiDeps } from '../views/view-deps.ts'
import { runWhatIf, saveWhatIf, whatIfYaml, type ScenarioSaveDeps, type WhatIfOutcome } from '../views/what-if.ts'

function send<T>(res: Response, outcome: WhatIfOutcome<T>): void {
  if (outcome.ok) res.json(outcome.data)
  else res.status(outcome.status).json({ error: outcome.error, problems: outcome.problems })
}

export function createScenariosRouter(deps: EngineApiDeps, save?: ScenarioSaveDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: ScenariosResponse = { scenarios: [...deps.scenarios()] }
    res.json(body)
  })
  router.post('/what-if', requireRole('operator'), (req, res) => send(res, runWhatIf(deps, req.body)))
  router.post('/what-if/yaml', requireRole('operator'), (req, res) => send(res, whatIfYaml(deps, req.body)))
  router.put('/:id', requireRole('admin'), async (req, res) => {
    if (!save) throw new HttpError(501, 'Saving scenarios is not available in this process (no config directory).')
    send(res, await saveWhatIf(deps, save, String(req.params.id), req.body))
  })
  router.post('/:id/run', allowRead('a scenario run changes nothing: it computes a what-if and stores nothing'), (req, res) => {
    // express.json leaves body undefined without a JSON content type; {} means no overrides.
    const body: unknown = req.body
    const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)
    const id = req.params.id
    if (typeof id !== 'string') throw new HttpError(400, 'POST /api/scenarios/:id/run needs a scenario id.')
    const outcome = runSavedScenario(deps, id, empty ? undefined : body)
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.error)
    res.json(outcome.data)
  })
  return router
}
