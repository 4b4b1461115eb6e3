// The express application: security headers, body limits, auth, one router
// per resource, one error handler. Wiring only.
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { Core } from '../core.ts'
import { authenticate } from './auth.ts'
import { createClientRouter } from './client.ts'
import { apiNotFound, errorHandler } from './errors.ts'
import { createEstateRouter } from './estate.ts'
import { createHealthRouter } from './health.ts'
import { createMeRouter } from './me.ts'
import { createSeriesRouter } from './series.ts'
import { createSnapshotRouter } from './snapshot.ts'
import { mountEngineRoutes } from './engine-routes.ts'
import { createCollectorsRouter } from './collectors.ts'
import { createImportsRouter } from './imports.ts'
import { collectorsDeps, importMaxBytes } from './collectors-deps.ts'
import { createAlertsRouter } from './alerts.ts'
import { effectiveAlertsConfig } from '../alerts/wiring.ts'

export interface AppInfo {
  version: string
  startedAt: Date
  clientDir: string
}

/** JSON bodies are small commands and configs; anything bigger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb'

export function createHttpApp(core: Core, info: AppInfo): Express {
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

  const tokens = core.tokens
  app.get('/metrics', authenticate(tokens), async (_req, res) => {
    res.type(core.metrics.registry.contentType).send(await core.metrics.registry.metrics())
  })
  // Health answers without a token: load balancers and the reconnecting client probe it.
  app.use(
    '/api/health',
    createHealthRouter({
      storeKind: core.store.kind,
      version: info.version,
      startedAt: info.startedAt,
      backfill: core.backfillStatus,
      configError: core.configError,
    }),
  )
  app.use('/api', authenticate(tokens))
  app.use('/api/me', createMeRouter({ tokens }))
  app.use('/api/estate', createEstateRouter({ estate: core.estate }))
  app.use('/api/snapshot', createSnapshotRouter({ snapshot: () => core.snapshots.current() }))
  app.use('/api/series', createSeriesRouter({ store: core.store, estate: core.estate }))
  app.use('/api/collectors', createCollectorsRouter(collectorsDeps(core)))
  app.use('/api/imports', createImportsRouter({ jobs: core.imports, maxBytes: importMaxBytes() }))
  app.use(
    '/api/alerts',
    createAlertsRouter({ alerts: core.alerts, config: () => effectiveAlertsConfig(core.config().alerts, core.settings) }),
  )
  mountEngineRoutes(app, core)
  app.use('/api', apiNotFound())
  app.use(createClientRouter(info.clientDir))
  app.use(errorHandler(core.log))
  return app
}
