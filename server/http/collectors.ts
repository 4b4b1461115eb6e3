// GET /api/collectors (viewer) and POST /api/collectors/:id/run (operator).
import { Router } from 'express'
import type { CollectorHealth } from '../../collectors/health.ts'
import type { CollectorEntry } from '../config/schema.ts'
import type { CollectorsResponse } from './api-types/collectors.ts'
import { requireRole } from './auth.ts'
import { describeCollectors } from './collectors-view.ts'
import { HttpError } from './errors.ts'

export interface CollectorsDeps {
  entries: () => readonly CollectorEntry[]
  health: () => CollectorHealth[]
  runOnce: (id: string) => Promise<CollectorHealth>
  /** False when collection runs in separate `headroom collect` processes. */
  collecting: () => boolean
  shards: number | null
}

/**
 * Shared by the HTTP route and the socket command so both refuse the same
 * way: an unknown id names the known ones; with collection off a manual run
 * would duplicate what the collect processes write, so it is refused.
 */
export async function runCollectorNow(deps: CollectorsDeps, id: string): Promise<CollectorHealth> {
  const known = deps.entries().map((e) => e.id)
  if (!known.includes(id)) {
    throw new HttpError(404, `No collector "${id}" in collectors.yaml; known: ${known.join(', ') || '(none)'}.`)
  }
  if (!deps.collecting()) {
    throw new HttpError(
      409,
      `Collector "${id}" runs in a separate "headroom collect" process (this server has collection off); run it there.`,
    )
  }
  return deps.runOnce(id)
}

export function createCollectorsRouter(deps: CollectorsDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: CollectorsResponse = {
      collecting: deps.collecting(),
      collectors: describeCollectors(deps.entries(), deps.health(), deps.shards),
    }
    res.json(body)
  })
  router.post('/:id/run', requireRole('operator'), async (req, res) => {
    const id = req.params.id
    if (typeof id !== 'string') throw new HttpError(400, 'POST /api/collectors/:id/run needs a collector id.')
    res.json(await runCollectorNow(deps, id))
  })
  return router
}
