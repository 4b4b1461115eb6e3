import { Router } from 'express'
import type { CapacitySnapshot } from '../capacity/snapshot/types.ts'
import { HttpError } from './errors.ts'

export function createSnapshotRouter(deps: { snapshot: () => CapacitySnapshot | null }): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const snapshot = deps.snapshot()
    if (!snapshot) throw new HttpError(503, 'The first capacity snapshot is still being computed; try again in a few seconds.')
    res.json(snapshot)
  })
  return router
}
