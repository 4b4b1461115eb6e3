// Wiring only: config, store, pipeline, cache, scheduler, snapshot, HTTP,
// socket.io and metrics are created here and handed to each other.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { createScheduler } from '../collectors/scheduler.ts'
import { backfillWindow, runBackfill } from './backfill.ts'
import { ObservationCache } from './cache/observations.ts'
import { seriesKey } from './capacity/snapshot.ts'
import { loadConfig } from './config/load.ts'
import type { BackfillStatus } from './http/health.ts'
import { createHttpApp } from './http/create-app.ts'
import { createWritePipeline } from './ingest/pipeline.ts'
import { registerSnapshotHandlers } from './live/snapshot-handlers.ts'
import { createSocketServer } from './live/socket.ts'
import type { Logger } from './log.ts'
import { createMetrics } from './metrics.ts'
import { TokenRegistry } from './security/tokens.ts'
import type { Settings } from './settings.ts'
import { createSnapshotService } from './snapshot-service.ts'
import { openStore } from './store/open.ts'
import { seedCache } from './cache/seed.ts'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const VERSION = '0.1.0'

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export async function startServer(settings: Settings, log: Logger): Promise<RunningServer> {
  const config = await loadConfig(settings.configDir)
  const estate = config.estate
  const tokens = new TokenRegistry(config.server, settings.envTokens)
  const host = settings.host ?? (tokens.enabled ? '0.0.0.0' : '127.0.0.1')
  if (!tokens.enabled) {
    log.warn('no tokens configured: listening on 127.0.0.1 only, every local caller is admin (see README "Security")')
  }

  const store = openStore({ dataDir: settings.dataDir, influxUrl: settings.influxUrl ?? config.server.influxUrl ?? null })
  await store.init()
  log.info({ store: store.kind }, 'store ready')

  const cache = new ObservationCache(estate)
  await seedCache(cache, store, estate, new Date())
  const known = new Set(estate.applications.flatMap((a) => a.metrics.map((m) => seriesKey(a.id, m.id))))
  for (const d of estate.drivers) known.add(seriesKey('drivers', d.id))

  let backfill: BackfillStatus = { state: 'idle', done: 0, total: 0, message: null }
  let scheduler: ReturnType<typeof createScheduler> | null = null
  const pipeline = createWritePipeline({
    store,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    onWritten: (points) => {
      cache.add(points)
      metrics.storeWrites.inc({ result: 'ok' })
    },
    onReject: (reason) => {
      metrics.ingestSamples.inc({ outcome: 'rejected' })
      metrics.ingestRejected.inc({ reason })
    },
    onRetry: (err, attempt, delayMs) => {
      metrics.storeWrites.inc({ result: 'error' })
      log.warn({ err: err.message, attempt, delayMs }, 'store write failed; will retry')
    },
    onDrop: (count, why) => {
      metrics.ingestSamples.inc({ outcome: 'dropped' }, count)
      log.warn({ count }, `dropped points: ${why}`)
    },
  })
  const snapshots = createSnapshotService({ estate: () => estate, cache })
  const metrics = createMetrics({
    snapshot: () => snapshots.current(),
    collectors: () => scheduler?.health() ?? [],
    ingestBuffered: () => pipeline.stats().buffered,
  })

  const app = createHttpApp({
    log,
    tokens,
    store,
    estate: () => estate,
    snapshot: () => snapshots.current(),
    metricsRegistry: metrics.registry,
    health: { storeKind: store.kind, version: VERSION, startedAt: new Date(), backfill: () => backfill, configError: () => null },
    clientDir: join(ROOT, 'client', 'dist'),
  })
  const http = createServer(app)
  const io = createSocketServer(http, tokens, log)
  const live = registerSnapshotHandlers(io, {
    snapshots,
    backfill: () => backfill,
    onPush: () => metrics.snapshotPushes.inc(),
  })

  const window = await backfillWindow(store, estate, settings.backfillDays, new Date())
  scheduler = createScheduler({
    entries: config.collectors.collectors,
    estate,
    log: log.child({ module: 'collectors' }),
    sink: (samples) => {
      metrics.ingestSamples.inc({ outcome: 'accepted' }, samples.length)
      pipeline.push(samples)
    },
  })
  // Backfill goes through its own scheduler instance whose sink waits for room
  // in the pipeline, so 30 days of history never pushes live points out.
  const pendingBulk = new Set<Promise<void>>()
  const backfiller = createScheduler({
    entries: config.collectors.collectors,
    estate,
    log: log.child({ module: 'backfill' }),
    sink: (samples) => {
      metrics.ingestSamples.inc({ outcome: 'accepted' }, samples.length)
      const pending = pipeline.pushBulk(samples).finally(() => pendingBulk.delete(pending))
      pendingBulk.add(pending)
    },
  })
  snapshots.start(1000)
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(settings.port, host, () => resolve())
  })
  const address = http.address()
  const port = typeof address === 'object' && address ? address.port : settings.port
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  log.info({ url, store: store.kind, applications: estate.applications.length }, `Headroom is up on ${url}`)
  scheduler.start()

  const backfillDone = runBackfill({
    runner: {
      backfill: async (from, to, onProgress) => {
        const count = await backfiller.backfill(from, to, onProgress)
        await Promise.all(pendingBulk)
        await pipeline.flush()
        return count
      },
    },
    window,
    log,
    onStatus: (status) => {
      // "done" promises that the snapshot already reflects the history.
      if (status.state === 'done') snapshots.refresh()
      backfill = status
      live.pushBackfill(status)
    },
  })

  return {
    url,
    async close() {
      await scheduler?.stop()
      await backfillDone.catch(() => undefined)
      snapshots.stop()
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await pipeline.close()
      await store.close()
    },
  }
}
