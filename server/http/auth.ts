// Express middleware: who is calling, and may they do this?
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { hasRole, type Principal, type Role, type TokenRegistry } from '../security/tokens.ts'
import { markAccess } from './access.ts'

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal
  }
}

export function tokenFromRequest(req: Request): { token: string | null; fromUrl: boolean } {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), fromUrl: false }
  const query = req.query.token
  if (typeof query === 'string' && query) return { token: query, fromUrl: true }
  return { token: null, fromUrl: false }
}

/** Every /api and /metrics request needs at least a viewer (or display) token when tokens are configured. */
export function authenticate(tokens: TokenRegistry): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const { token, fromUrl } = tokenFromRequest(req)
    const principal = tokens.identify(token, fromUrl)
    if (!principal) {
      res.status(401).json({
        error: token
          ? 'That token is not valid here (URL tokens work only for display tokens; send others as "Authorization: Bearer ...").'
          : 'Sign-in needed: send "Authorization: Bearer <token>", or open the wall with ?token=<display token>.',
      })
      return
    }
    req.principal = principal
    next()
  }
}

/** For mutating routes: operator or admin as the route needs (display tokens never pass). Marks the route's access decision. */
export function requireRole(role: Role, why?: string): RequestHandler {
  const handler = (req: Request, res: Response, next: NextFunction) => {
    if (req.principal && hasRole(req.principal, role)) {
      next()
      return
    }
    // originalUrl, not path: inside a router path is only the router's part ("/"), which names nothing.
    res.status(403).json({
      error: `${req.method} ${req.originalUrl.split('?')[0]} needs the ${role} role; your token is ${describe(req.principal)}.`,
    })
  }
  return markAccess(handler, why === undefined ? { access: role } : { access: role, why })
}

function describe(p: Principal | undefined): string {
  if (!p) return 'missing'
  return p.display ? `the read-only display token "${p.name}"` : `"${p.name}" with role ${p.role}`
}
