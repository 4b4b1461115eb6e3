// Wiring only: load config, create the core services, put HTTP, socket.io
// and the config watcher on top, listen, then start collection and backfill.
import { createServer } from 'node:http'
import type { Express } from 'express'
import type { Server } from 'socket.io'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { loadConfig } from './config/load.ts'
import { watchConfig } from './config/watch.ts'
import { createCore } from './core.ts'
import { createHttpApp } from './http/create-app.ts'
import { createSocketServer } from './live/socket.ts'
import { registerHealthHandlers } from './live/health-handlers.ts'
import { healthOf } from './http/health.ts'
import { apiRoutes, registerSocketHandlers } from './routes.ts'
import { startRetention } from './runtime/retention-service.ts'
import type { Logger } from './log.ts'
import { startEventLoopMonitor } from './runtime/event-loop-monitor.ts'
import { startObservationPoller } from './runtime/observation-poller.ts'
import type { Settings } from './settings.ts'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const VERSION = '0.1.0'

export interface RunningServer {
  url: string
  /** The express app and the socket.io server, for tests that read the route table and command registry. */
  app: Express
  io: Server
  /** `deadlineAt` (ms since epoch): unsent points are left in the spool at that time instead of waiting for the store. */
  close(deadlineAt?: number): Promise<void>
}

export async function startServer(settings: Settings, log: Logger): Promise<RunningServer> {
  const core = await createCore(settings, await loadConfig(settings.configDir), log)
  const loop = startEventLoopMonitor()
  const host = settings.host ?? (core.tokens.enabled ? '0.0.0.0' : '127.0.0.1')
  if (!core.tokens.enabled) {
    log.warn('no tokens configured: listening on 127.0.0.1 only, every local caller is admin (see README "Security")')
  }

  const startedAt = new Date()
  const health = { backfill: core.backfillStatus, report: core.health, runtime: () => runtimeHealth(core, loop.stats()) }
  const app = createHttpApp(
    { log, tokens: core.tokens, metricsRegistry: core.metrics.registry, health, routes: apiRoutes(core) },
    { version: VERSION, startedAt, clientDir: join(ROOT, 'client', 'dist') },
  )
  const http = createServer(app)
  const io = createSocketServer(http, core.tokens, log)
  core.cluster?.attach(io, core.snapshots, core.engine)
  const stopPushes = registerSocketHandlers(io, core)
  const stopHealthPushes = registerHealthHandlers(io, () => healthOf({ ...health, version: VERSION, startedAt }))

  core.snapshots.start(1000)
  core.engine.start()
  await core.alerts.start()
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(settings.port, host, () => resolve())
  })
  const address = http.address()
  const port = typeof address === 'object' && address ? address.port : settings.port
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  log.info({ url, store: core.store.kind, applications: core.estate().applications.length }, `Headroom is up on ${url}`)

  // --no-collect / HEADROOM_COLLECT=off: separate `headroom collect` processes write the data (and its history).
  const collecting = settings.collect !== false
  if (collecting) core.collection.start()
  else log.info('collection is off in this process (HEADROOM_COLLECT=off / --no-collect); polling the store for new samples')
  const poller = collecting ? null : startObservationPoller(core.store, core.cache, log)
  const backfillDone = collecting ? core.backfill() : Promise.resolve()
  const retention = startRetention(core.store, log.child({ module: 'retention' }))
  const watcher = watchConfig(settings.configDir, {
    onLoaded: async (config) => {
      await core.applyConfig(config)
      log.info('config reloaded')
    },
    onRejected: (message) => core.rejectConfig(message),
    onServerFile: (server) => core.tokens.update(server),
  })

  return {
    url,
    app,
    io,
    async close(deadlineAt) {
      watcher.close()
      poller?.stop()
      stopPushes()
      await retention.stop()
      stopHealthPushes()
      await core.collection.stop()
      await new Promise<void>((resolve) => io.close(() => resolve()))
      // Not before core.close(): during a store stall the backfill waits on the
      // pipeline, and only closing the pipeline (bounded by its close timeout) releases it.
      await core.close(deadlineAt)
      await backfillDone.catch(() => undefined)
      loop.stop()
    },
  }
}

/** /api/health's view of the live state and engine: how far the forecasts have settled and how responsive the loop is. */
function runtimeHealth(core: Awaited<ReturnType<typeof createCore>>, eventLoop: object): Record<string, unknown> {
  const result = core.engine.current()
  return {
    live: { seq: core.snapshots.seq() },
    cluster: core.cluster ? { id: core.cluster.id, role: core.cluster.lease.isLeader() ? 'leader' : 'follower' } : null,
    engine: result
      ? {
          generatedAt: result.generatedAt,
          metrics: result.stats.metrics,
          pending: result.stats.pending,
          fitsOutstanding: core.engine.fitsOutstanding(),
          lastPassMs: core.engine.lastPassMs(),
        }
      : null,
    eventLoop,
  }
}
