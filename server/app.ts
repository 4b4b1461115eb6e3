// Wiring only: load config, create the core services, put HTTP, socket.io
// and the config watcher on top, listen, then start collection and backfill.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { loadConfig } from './config/load.ts'
import { watchConfig } from './config/watch.ts'
import { createCore } from './core.ts'
import { createHttpApp } from './http/create-app.ts'
import { createSocketServer } from './live/socket.ts'
import { apiRoutes, registerSocketHandlers } from './routes.ts'
import type { Logger } from './log.ts'
import type { Settings } from './settings.ts'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const VERSION = '0.1.0'

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export async function startServer(settings: Settings, log: Logger): Promise<RunningServer> {
  const core = await createCore(settings, await loadConfig(settings.configDir), log)
  const host = settings.host ?? (core.tokens.enabled ? '0.0.0.0' : '127.0.0.1')
  if (!core.tokens.enabled) {
    log.warn('no tokens configured: listening on 127.0.0.1 only, every local caller is admin (see README "Security")')
  }

  const httpApp = createHttpApp(
    {
      log,
      tokens: core.tokens,
      metricsRegistry: core.metrics.registry,
      health: { storeKind: core.store.kind, backfill: core.backfillStatus, configError: core.configError },
      routes: apiRoutes(core),
    },
    { version: VERSION, startedAt: new Date(), clientDir: join(ROOT, 'client', 'dist') },
  )
  const http = createServer(httpApp)
  const io = createSocketServer(http, core.tokens, log)
  const stopPushes = registerSocketHandlers(io, core)

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
  else log.info('collection is off in this process (HEADROOM_COLLECT=off / --no-collect)')
  const backfillDone = collecting ? core.backfill() : Promise.resolve()
  const watcher = watchConfig(settings.configDir, {
    onLoaded: async (config) => {
      await core.applyConfig(config)
      log.info('config reloaded')
    },
    onRejected: (message) => core.rejectConfig(message),
  })

  return {
    url,
    async close() {
      watcher.close()
      stopPushes()
      await core.collection.stop()
      await backfillDone.catch(() => undefined)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await core.close()
    },
  }
}
