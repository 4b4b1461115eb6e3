// The express application: security headers, body limits, auth, one router
// per resource, one error handler. Wiring only.
import express, { type Express, type RequestHandler, type Router } from 'express'
import compression from 'compression'
import helmet from 'helmet'
import type { Registry } from 'prom-client'
import type { Logger } from '../log.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { jsonReplacer } from '../security/redact.ts'
import { allowRead, publicRoute } from './access.ts'
import { authenticate } from './auth.ts'
import { createClientRouter } from './client.ts'
import { apiNotFound, errorHandler } from './errors.ts'
import { createHealthRouter, type HealthDeps } from './health.ts'

export interface AppInfo {
  version: string
  startedAt: Date
  clientDir: string
}

/**
 * One router under /api, behind authentication. `access` is the decision for
 * its reads (allowRead() for almost all); routes that change something carry
 * their own requireRole() inside the router. The role matrix test
 * (tests/http/role-matrix.test.ts) reads both from the app.
 */
export interface ApiRoute {
  path: string
  access: RequestHandler
  router: Router
}

export interface HttpAppDeps {
  log: Logger
  tokens: TokenRegistry
  metricsRegistry: Registry
  health: Omit<HealthDeps, 'version' | 'startedAt'>
  /** Every /api router (server/routes.ts lists them). */
  routes: readonly ApiRoute[]
}

/** JSON bodies are small commands and configs; anything bigger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb'

export function createHttpApp(deps: HttpAppDeps, info: AppInfo): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
  // Every JSON response passes through the redaction replacer: no credential leaves in an answer or an error.
  app.set('json replacer', jsonReplacer)
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Vue's built templates need no eval; chart.js draws on canvas. Same-origin websocket for socket.io.
          'default-src': ["'self'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      // Served over plain HTTP on a LAN in many sites; HSTS would lock them out.
      strictTransportSecurity: false,
    }),
  )
  // gzip/brotli for JSON answers and the built client above 1 kB (the wall's JS shrinks about 3×).
  app.use(compression({ threshold: 1024 }))
  app.use(express.json({ limit: JSON_BODY_LIMIT }))

  const tokens = deps.tokens
  app.get('/metrics', authenticate(tokens), allowRead(), async (_req, res) => {
    res.type(deps.metricsRegistry.contentType).send(await deps.metricsRegistry.metrics())
  })
  // Health answers without a token: load balancers and the reconnecting client probe it.
  app.use(
    '/api/health',
    publicRoute('load balancers and the reconnecting client probe it'),
    createHealthRouter({ ...deps.health, version: info.version, startedAt: info.startedAt }),
  )
  app.use('/api', authenticate(tokens))
  for (const route of deps.routes) app.use(route.path, route.access, route.router)
  app.use('/api', apiNotFound())
  app.use(publicRoute('the web client itself: its pages sign in through the API'), createClientRouter(info.clientDir))
  app.use(errorHandler(deps.log))
  return app
}
