// GET /api/peak-profile?driver=<id> | ?app=&metric=, &window=<minutes>,
// &days=<n>: the intraday shape from actuals and its busiest window;
// ?format=csv|json downloads it for the next forecast round.
import { Router } from 'express'
import { peakProfileCsv, peakProfileJson } from '../capacity/demand/peak-profile.ts'
import { buildPeakProfile } from '../views/peak-profile.ts'
import type { EngineApiDeps } from '../views/view-deps.ts'
import { formatOf, sendDownload } from './csv.ts'
import { HttpError } from './errors.ts'

export function createPeakProfileRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const format = formatOf(req.query.format, ['view', 'csv', 'json'] as const)
    if (format instanceof Error) throw new HttpError(400, format.message)
    const body = await buildPeakProfile(deps, req.query)
    const name = `peak-profile-${body.subject.kind === 'driver' ? body.subject.driver : `${body.subject.app}-${body.subject.metric}`}-${body.to.slice(0, 10)}`
    if (format === 'csv') sendDownload(res, `${name}.csv`, 'text/csv', peakProfileCsv(body.profile))
    else if (format === 'json') sendDownload(res, `${name}.json`, 'application/json', peakProfileJson(body.profile))
    else res.json(body)
  })
  return router
}
