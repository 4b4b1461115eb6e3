import { Router } from 'express'
import type { MeResponse } from './api-types/core.ts'
import type { TokenRegistry } from '../security/tokens.ts'

/** Who the caller is, so the UI offers only the controls their role may use (the server still checks every request). */
export function createMeRouter(deps: { tokens: TokenRegistry }): Router {
  const router = Router()
  router.get('/', (req, res) => {
    const p = req.principal
    const body: MeResponse = {
      name: p?.name ?? null,
      role: p?.role ?? null,
      display: p?.display ?? false,
      authEnabled: deps.tokens.enabled,
    }
    res.json(body)
  })
  return router
}
