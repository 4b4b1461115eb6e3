// Every route states who may call it, as a marked middleware, so the role
// matrix test (tests/http/role-matrix.test.ts) can read the decision from the
// express app itself and fail CI for a route that has none. For a new route:
//
//   router.get('/', allowRead(), handler)                       any signed-in caller, display tokens too
//   router.post('/', requireRole('operator'), handler)          changes something
//   router.post('/:id/run', allowRead('changes nothing'), h)    a non-GET that only reads must say why
//   app.use('/api/thing', allowRead(), createThingRouter())     a whole read-only router (its GETs)
//   app.use('/api/health', publicRoute('why'), router)          no token at all
//
// A non-GET route always needs its own decision: mounting a router as
// readable never makes its POSTs readable.
import type { RequestHandler } from 'express'
import { hasRole, type Role } from '../security/tokens.ts'

export type Access = 'public' | 'read' | Role

export interface AccessDecision {
  access: Access
  /** Required for 'public', and for 'read' on a non-GET route. */
  why?: string
}

export const ACCESS = Symbol.for('headroom.access')

type Marked = RequestHandler & { [ACCESS]?: AccessDecision }

export function markAccess(handler: RequestHandler, decision: AccessDecision): RequestHandler {
  ;(handler as Marked)[ACCESS] = decision
  return handler
}

export function accessOf(handler: unknown): AccessDecision | null {
  return typeof handler === 'function' ? ((handler as Marked)[ACCESS] ?? null) : null
}

/** No token needed (health probes, the web client's files). Authentication is not applied before it. */
export function publicRoute(why: string): RequestHandler {
  return markAccess((_req, _res, next) => next(), { access: 'public', why })
}

/** Any signed-in caller, display tokens included: reads. */
export function allowRead(why?: string): RequestHandler {
  return markAccess(
    (req, res, next) => {
      if (req.principal) return next()
      res.status(401).json({ error: `${req.method} ${req.originalUrl.split('?')[0]} needs a token.` })
    },
    why === undefined ? { access: 'read' } : { access: 'read', why },
  )
}

export { hasRole }
