// The express application: security headers, body limits, auth, one router
// per resource, one error handler. Wiring only.
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { Registry } from 'prom-client'
import type { CapacitySnapshot } from '../capacity/types.ts'
import type { Estate } from '../config/schema.ts'
import type { Logger } from '../log.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import type { Store } from '../store/types.ts'
import { authenticate } from './auth.ts'
import { createClientRouter } from './client.ts'
import { apiNotFound, errorHandler } from './errors.ts'
import { createEstateRouter } from './estate.ts'
import { createHealthRouter, type HealthDeps } from './health.ts'
import { createSeriesRouter } from './series.ts'
import { createSnapshotRouter } from './snapshot.ts'

export interface HttpDeps {
  log: Logger
  tokens: TokenRegistry
  store: Store
  estate: () => Estate
  snapshot: () => CapacitySnapshot | null
  metricsRegistry: Registry
  health: HealthDeps
  clientDir: string
}

/** JSON bodies are small commands and configs; anything bigger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb'

export function createHttpApp(deps: HttpDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
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
  app.use(express.json({ limit: JSON_BODY_LIMIT }))

  app.get('/metrics', authenticate(deps.tokens), async (_req, res) => {
    res.type(deps.metricsRegistry.contentType).send(await deps.metricsRegistry.metrics())
  })
  // Health answers without a token: load balancers and the reconnecting client probe it.
  app.use('/api/health', createHealthRouter(deps.health))
  app.use('/api', authenticate(deps.tokens))
  app.use('/api/estate', createEstateRouter({ estate: deps.estate }))
  app.use('/api/snapshot', createSnapshotRouter({ snapshot: deps.snapshot }))
  app.use('/api/series', createSeriesRouter({ store: deps.store, estate: deps.estate }))
  app.use('/api', apiNotFound())
  app.use(createClientRouter(deps.clientDir))
  app.use(errorHandler(deps.log))
  return app
}
