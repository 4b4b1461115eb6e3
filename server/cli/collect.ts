// `headroom collect [--shard i/n]`: collectors only, no dashboard. Several
// of these (one per shard) and any number of `headroom serve --no-collect`
// share one InfluxDB. Each process runs the collectors whose id hashes to
// its shard (collectors/shard.ts), so adding a collector never moves the
// others. Optional /metrics and /healthz on HEADROOM_COLLECT_PORT.
import { createServer, type Server } from 'node:http'
import { parseShard, selectShard } from '../../collectors/shard.ts'
import { backfillWindow, runBackfill } from '../collection/backfill.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import { createCollection, type Collection } from '../collection/collection.ts'
import type { CollectorEntry } from '../config/schema.ts'
import { loadConfig } from '../config/load.ts'
import { knownSeries } from '../core.ts'
import { createWritePipeline, type WritePipeline } from '../ingest/pipeline.ts'
import type { Logger } from '../log.ts'
import { createMetrics } from '../metrics.ts'
import type { Settings } from '../settings.ts'
import type { Store } from '../store/types.ts'
import { parseArgs, UsageError } from './args.ts'
import { openCliStore } from './store-for-cli.ts'

export const NEEDS_INFLUX =
  'collect needs InfluxDB: the DuckDB file is locked by one process; set HEADROOM_INFLUX_URL (e.g. http://127.0.0.1:8086/headroom) for the collect processes and the dashboard'

export interface CollectOptions {
  settings: Settings
  log: Logger
  shard: { index: number; count: number } | null
  /** HEADROOM_COLLECT_PORT; null = no HTTP at all. */
  port: number | null
}

export interface RunningCollect {
  ids: string[]
  collection: Collection
  /** Resolves when start-up history for this shard's collectors is stored. */
  backfilled: Promise<void>
  pipeline: WritePipeline
  store: Store
  /** http://127.0.0.1:PORT when the metrics port is on. */
  url: string | null
  stop(): Promise<void>
}

export function parseCollectArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<CollectOptions, 'shard' | 'port'> {
  const args = parseArgs(argv, 'collect', ['shard'])
  if (args.positional.length > 0) throw new UsageError(`collect takes no arguments; got ${args.positional.join(' ')}`)
  const shardText = args.values.get('shard')
  let shard: CollectOptions['shard'] = null
  try {
    shard = shardText === undefined ? null : parseShard(shardText)
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  const rawPort = env.HEADROOM_COLLECT_PORT
  let port: number | null = null
  if (rawPort !== undefined && rawPort !== '') {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535)
      throw new UsageError(`HEADROOM_COLLECT_PORT must be 0..65535; got "${rawPort}"`)
    port = Number(rawPort)
  }
  return { shard, port }
}

export async function startCollect(opts: CollectOptions): Promise<RunningCollect> {
  const { settings, log } = opts
  const config = await loadConfig(settings.configDir)
  const influxUrl = settings.influxUrl ?? config.server.influxUrl ?? null
  if (!influxUrl) throw new UsageError(NEEDS_INFLUX)

  const enabled = config.collectors.collectors.filter((e) => e.enabled)
  const entries = opts.shard ? selectShard(enabled, opts.shard.index, opts.shard.count) : enabled
  const shardText = opts.shard ? `${opts.shard.index}/${opts.shard.count}` : 'all'
  if (entries.length === 0) log.warn({ shard: shardText }, 'no enabled collector hashes to this shard; this process will idle')

  const store = await openCliStore(settings.dataDir, influxUrl, NEEDS_INFLUX)
  const known = knownSeries(config.estate)
  const pipeline = createWritePipeline({
    store,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    onReject: (reason, _s, message) => log.debug({ reason }, message),
    onRetry: (err, attempt, delayMs) => log.warn({ err: err.message, attempt, delayMs }, 'store write failed; will retry'),
    onDrop: (count, why) => log.warn({ count }, `dropped points: ${why}`),
  })
  const collection = createCollection({
    entries,
    estate: config.estate,
    pipeline,
    log: log.child({ shard: shardText }),
    onAccepted: () => undefined,
    dataDir: settings.dataDir,
  })
  // As `serve` does: the gap since the newest stored point is filled before live samples land in it.
  const days = settings.backfillDays ?? configuredBackfillDays(entries) ?? 0
  const window = await backfillWindow(store, config.estate, days, new Date())
  collection.start()
  const backfilled = runBackfill({ runner: collection, window, log, onStatus: (st) => log.debug({ backfill: st }, 'backfill') })
  const ids = entries.map((e) => e.id)
  log.info(
    { shard: shardText, collectors: ids, store: store.kind },
    `collecting ${ids.length} collector(s) for shard ${shardText}`,
  )

  let http: Server | null = null
  let url: string | null = null
  if (opts.port !== null) {
    const metrics = createMetrics({
      snapshot: () => null,
      collectors: () => collection.health(),
      ingestBuffered: () => pipeline.stats().buffered,
    })
    http = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]
      if (req.method === 'GET' && path === '/metrics') {
        void metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text)
        })
      } else if (req.method === 'GET' && path === '/healthz') {
        const body = {
          status: 'ok',
          shard: shardText,
          store: store.kind,
          ingest: pipeline.stats(),
          collectors: collection.health(),
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
      } else {
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: `No route ${req.method} ${path}; try /metrics or /healthz.` }))
      }
    })
    const host = settings.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      http?.once('error', reject)
      http?.listen(opts.port ?? 0, host, () => resolve())
    })
    const address = http.address()
    url = `http://${host}:${typeof address === 'object' && address ? address.port : opts.port}`
    log.info({ url }, 'collect metrics on /metrics and /healthz')
  }

  return {
    ids,
    collection,
    backfilled,
    pipeline,
    store,
    url,
    async stop() {
      if (http) await new Promise<void>((resolve) => http?.close(() => resolve()))
      await collection.stop()
      await backfilled
      await pipeline.close()
      await store.close()
    },
  }
}

/** The command: start, then run until SIGINT/SIGTERM. */
export async function collectCommand(argv: readonly string[], settings: Settings, log: Logger): Promise<number> {
  const running = await startCollect({ settings, log, ...parseCollectArgs(argv) })
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping collection')
      running.stop().then(resolve, (err: unknown) => {
        log.error({ err }, 'error while stopping')
        resolve()
      })
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}

/** The largest `backfillDays` of this shard's collectors (the simulator has one), when the environment does not say. */
function configuredBackfillDays(entries: readonly CollectorEntry[]): number | null {
  let days: number | null = null
  for (const e of entries) {
    const raw: unknown = e.config
    if (typeof raw === 'object' && raw !== null && 'backfillDays' in raw && typeof raw.backfillDays === 'number') {
      days = Math.max(days ?? 0, raw.backfillDays)
    }
  }
  return days
}
