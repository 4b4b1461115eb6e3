// The process's services and their shared state, created once and handed to
// the HTTP routers and socket handlers. Wiring only; each piece has its own module.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { backfillWindow, runBackfill, type BackfillStatus } from './collection/backfill.ts'
import { ObservationCache } from './runtime/observations.ts'
import { seedCache } from './runtime/observations-seed.ts'
import { seriesKey } from './capacity/snapshot/snapshot.ts'
import { createCollection, type Collection } from './collection/collection.ts'
import type { LoadedConfig } from './config/load.ts'
import type { Estate } from './config/schema.ts'
import { createWritePipeline, type WritePipeline } from './ingest/pipeline.ts'
import type { Logger } from './log.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { TokenRegistry } from './security/tokens.ts'
import type { Settings } from './settings.ts'
import { createLiveState, type LiveState } from './runtime/live-state.ts'
import { createEngineService, type EngineService } from './runtime/engine-service.ts'
import { createFitScheduler } from './runtime/fit-scheduler.ts'
import { createThreadFitExecutor } from './runtime/fit-threads.ts'
import type { Cluster } from './cluster/cluster.ts'
import { createImportJobs, type ImportJobs } from './imports/import-jobs.ts'
import { openStore } from './store/open.ts'
import type { AlertService } from './alerts/service.ts'
import { createTrackedPlan, type TrackedPlan } from './runtime/tracked-plan.ts'
import { createWiredAlertService } from './alerts/wiring.ts'
import { dataDirFirstStart, exampleConfig } from './runtime/example-start.ts'
import { NOT_LOAD } from './runtime/load-tags.ts'
import type { Point, Store } from './store/types.ts'
import { inTurns } from './turns.ts'
import { createStoreMonitor, type StoreMonitor } from './store/store-monitor.ts'
import { guardReads } from './store/read-guard.ts'
import { spoolOptionsFor } from './ingest/spool-settings.ts'
import type { SpoolDrop } from './ingest/types.ts'
import { buildHealthReport, type HealthReport } from './views/health.ts'
import { createStaleWatch } from './views/stale-watch.ts'

export interface CoreEvents {
  backfill: [BackfillStatus]
  configError: [string | null]
  config: [LoadedConfig]
  /** The disk spool was full and its oldest segment was dropped: points were lost (for the alert engine). */
  spoolDropped: [SpoolDrop]
}

export interface Core {
  log: Logger
  settings: Settings
  config(): LoadedConfig
  estate(): Estate
  tokens: TokenRegistry
  /** The store with reads that fail fast (503 "store unreachable") while it does not answer. */
  store: Store
  /** Is the store answering? Shared by health, the read guard and the UI banner. */
  storeMonitor: StoreMonitor
  pipeline: WritePipeline
  cache: ObservationCache
  /** The live snapshot, kept per metric with versions; pushed by room as deltas. */
  snapshots: LiveState
  /** The capacity engine on its cadence (forecasts, breach dates, upgrades, chains). */
  engine: EngineService
  metrics: Metrics
  /** Scale-out over Redis (HEADROOM_REDIS_URL), or null for a single process. */
  cluster: Cluster | null
  collection: Collection
  /** Background CSV imports (POST /api/imports). */
  imports: ImportJobs
  /** Alert rules, their state and notifiers (config/alerts.yaml); start() it once the core is up. */
  alerts: AlertService
  /** The upgrade pipeline, the estate with delivered upgrades in its limits, perf-test runs. */
  tracked: TrackedPlan
  /** Is app/metric a series the estate knows (estate metrics, drivers, driver forecasts)? */
  isKnown(app: string, metric: string): boolean
  backfillStatus(): BackfillStatus
  configError(): string | null
  /** What GET /api/health says now (without version and uptime, which the HTTP layer adds). */
  health(): Omit<HealthReport, 'version' | 'uptimeSeconds' | 'backfill'>
  events: EventEmitter<CoreEvents>
  /** Swap in a new config (hot reload); the caller has validated it. */
  applyConfig(config: LoadedConfig): Promise<void>
  /** A config reload was refused: the old config stays in force and this reason is shown. */
  rejectConfig(message: string): void
  /** Generate missing history in the background; resolves when done. */
  backfill(): Promise<void>
  /** Stops everything; `deadlineAt` (ms since epoch) bounds the time spent writing what is left. */
  close(deadlineAt?: number): Promise<void>
}

export async function createCore(settings: Settings, loaded: LoadedConfig, log: Logger): Promise<Core> {
  // An example estate's dates move to this data dir's first start (config/example-dates.ts).
  const firstStart = await dataDirFirstStart(settings.dataDir, new Date())
  const { config: initial, shiftDays } = exampleConfig(loaded, firstStart)
  if (shiftDays !== 0)
    log.info(
      { shiftDays, asOf: loaded.estate.exampleDatesAsOf },
      `example dates moved ${shiftDays} days to this data dir's first start`,
    )
  let config = initial
  let known = knownSeries(config.estate)
  let backfill: BackfillStatus = { state: 'idle', done: 0, total: 0, message: null }
  let configError: string | null = null
  const events = new EventEmitter<CoreEvents>()
  const tokens = new TokenRegistry(config.server, settings.envTokens)

  const rawStore = openStore({
    dataDir: settings.dataDir,
    influxUrl: settings.influxUrl ?? config.server.influxUrl ?? null,
    // Imported forecasts and perf-test results are plans and evidence read by date: kept raw whatever their age.
    ...(settings.retention ? { retention: { ...settings.retention, keep: { apps: ['driver-forecast'], tags: NOT_LOAD } } } : {}),
  })
  await rawStore.init()
  log.info({ store: rawStore.kind }, 'store ready')
  const storeMonitor = createStoreMonitor({ store: rawStore })
  storeMonitor.onChange((state) => {
    if (state.reachable) log.info({ store: rawStore.kind }, 'store answers again')
    else log.error({ store: rawStore.kind }, `store unreachable: ${state.lastError ?? 'no answer'}`)
  })
  const store = guardReads(rawStore, storeMonitor)
  const tracked = await createTrackedPlan({ store, config: () => config, log: log.child({ module: 'plan' }) })
  // Delivered upgrades are in the limits every screen and the engine read.
  const estate = (): Estate => tracked.estate()

  // The cluster's modules (ioredis, bullmq, the socket.io Redis adapter) load only when one is configured.
  const cluster: Cluster | null = process.env.HEADROOM_REDIS_URL
    ? (await import('./cluster/cluster.ts')).openCluster(log.child({ module: 'cluster' }))
    : null
  const cache = new ObservationCache(config.estate)
  await seedCache(cache, store, config.estate, new Date())
  // The engine's latest result is merged into every metric of the live state; a new result pushes what it changed.
  const snapshots = createLiveState({ estate, cache })
  const staleWatch = createStaleWatch({ version: () => snapshots.seq(), metrics: () => snapshots.metricStatuses() })
  staleWatch.start(1000)
  const engine = createEngineService({
    store,
    estate,
    engine: () => config.engine,
    plan: () => tracked.plan.list(),
    cache,
    log: log.child({ module: 'engine' }),
    cacheFile: join(settings.dataDir, 'engine-cache.json'),
    baseSnapshot: () => snapshots.plainSnapshotInTurns(),
    // Model fits on worker threads (cores − 1) or, in a cluster with HEADROOM_FITS=queue, on fit-worker processes; never on the event loop.
    fits: createFitScheduler(cluster?.fitExecutor() ?? createThreadFitExecutor(), (err) =>
      log.warn({ err }, 'a batch of model fits failed; retried'),
    ),
    // In a cluster only the lease holder runs the engine.
    ...(cluster ? { active: () => cluster.lease.isLeader() } : {}),
  })
  engine.onResult((result) => snapshots.setEngineResult(result))
  tracked.onChange((why) => {
    void snapshots.refresh()
    void engine.refresh(why)
  })

  // Gauges read these sources only when /metrics is scraped, after everything below exists.
  const metrics: Metrics = createMetrics({
    snapshot: () => snapshots.current(),
    engine: () => engine.current(),
    collectors: () => collection.health(),
    ingestBuffered: () => pipeline.stats().buffered,
    spool: () => pipeline.stats().spool,
    storeUp: () => storeMonitor.reachable(),
    alerts: () => alerts.state(),
    notifiers: () => alerts.notifiers(),
  })
  // At 10 000 metrics a written batch is a collector's whole round: added a slice at a time, not in one 45–80 ms turn.
  const toCache = inTurns<Point>({
    apply: (points) => cache.add(points),
    chunk: 500,
    onError: (err) => log.error({ err }, 'observation cache refused written points'),
  })
  const pipeline = createWritePipeline({
    store: rawStore,
    spool: spoolOptionsFor(settings, config.server, 'spool'),
    closeTimeoutMs: settings.closeTimeoutMs ?? 10_000,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    onWritten: (points) => {
      toCache.push(points)
      engine.noteWritten(points)
      metrics.storeWrites.inc({ result: 'ok' })
    },
    onReject: (reason, _sample, message) => {
      metrics.ingestSamples.inc({ outcome: 'rejected' })
      metrics.ingestRejected.inc({ reason })
      log.debug({ reason }, message)
    },
    onRetry: (err, attempt, delayMs) => {
      metrics.storeWrites.inc({ result: 'error' })
      storeMonitor.suspect()
      log.warn({ err: err.message, attempt, delayMs }, 'store write failed; will retry (the points are kept in the spool)')
    },
    onDrop: (count, why) => {
      metrics.ingestSamples.inc({ outcome: 'dropped' }, count)
      log.warn({ count }, `dropped points: ${why}`)
    },
    onSpoolDrop: (drop) => {
      metrics.spoolDropped.inc(drop.points)
      log.error(
        { points: drop.points, bytes: drop.bytes, segment: drop.segment },
        `spool full: dropped ${drop.points} points: ${drop.reason}`,
      )
      events.emit('spoolDropped', drop)
    },
    onSpoolProblem: (message) => log.error(`spool: ${message}`),
  })
  const replayed = pipeline.stats().spool?.replayed ?? 0
  if (replayed > 0) log.info({ points: replayed }, `spool: sending ${replayed} points left by the previous run`)
  storeMonitor.start()
  const collection = createCollection({
    entries: config.collectors.collectors,
    estate: config.estate,
    pipeline,
    log,
    onAccepted: (count) => metrics.ingestSamples.inc({ outcome: 'accepted' }, count),
    dataDir: settings.dataDir,
  })
  const alerts = createWiredAlertService({
    settings,
    config: () => config,
    estate,
    store,
    snapshots,
    collection: () => collection,
    metrics: () => metrics,
    log: log.child({ module: 'alerts' }),
  })
  // Every new snapshot is judged right after its push; the service's own interval covers `for` and staleness between them.
  snapshots.onChange(() => alerts.evaluateSoon())
  const imports = createImportJobs({ pipeline, isKnown: () => (app, metric) => known.has(seriesKey(app, metric)), log })
  const backfillDays = settings.backfillDays ?? configuredBackfillDays(config) ?? 30
  const window = await backfillWindow(store, config.estate, backfillDays, new Date())

  return {
    log,
    settings,
    config: () => config,
    estate,
    tokens,
    store,
    storeMonitor,
    pipeline,
    cache,
    snapshots,
    engine,
    metrics,
    cluster,
    collection,
    imports,
    alerts,
    tracked,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    backfillStatus: () => backfill,
    configError: () => configError,
    health: () => {
      const now = Date.now()
      return buildHealthReport({
        storeKind: rawStore.kind,
        store: storeMonitor.state(),
        ingest: pipeline.stats(),
        collectors: settings.collect === false ? [] : collection.health(),
        configError,
        now,
        stale: staleWatch.reasons(now),
      })
    },
    events,
    rejectConfig(message) {
      log.error(message)
      configError = message
      events.emit('configError', message)
    },
    async applyConfig(reloaded) {
      const next = exampleConfig(reloaded, firstStart).config
      const engineChanged = JSON.stringify(next.engine) !== JSON.stringify(config.engine)
      config = next
      known = knownSeries(next.estate)
      cache.setEstate(next.estate)
      tracked.reconfigure()
      tokens.update(next.server)
      await collection.replace(next.collectors.collectors, next.estate)
      void snapshots.refresh()
      void (engineChanged ? engine.reset('engine settings changed') : engine.refresh('config reloaded'))
      alerts.reconfigure()
      configError = null
      events.emit('configError', null)
      events.emit('config', next)
    },
    backfill: () =>
      runBackfill({
        runner: collection,
        window,
        log,
        onStatus: (status) => {
          const publish = (): void => {
            backfill = status
            events.emit('backfill', status)
          }
          if (status.state !== 'done') return publish()
          // "done" promises that the snapshot and the forecasts already reflect the history.
          void snapshots.refresh()
          void engine.refresh('backfill done').finally(publish)
        },
      }),
    async close(deadlineAt) {
      await collection.stop()
      // Closing the pipeline first releases imports and backfill waiting for room
      // in it; it then spends at most the close timeout on what is left.
      const closingPipeline = pipeline.close(deadlineAt)
      await Promise.all([imports.close(), engine.stop(), alerts.stop(deadlineAt)])
      snapshots.stop()
      staleWatch.stop()
      storeMonitor.stop()
      await closingPipeline
      const left = pipeline.stats().spooledAtClose
      if (left > 0)
        log.warn({ points: left }, `stopped with ${left} points unsent; they stay in the spool and are sent at the next start`)
      await cluster?.close()
      await rawStore.close()
    },
  }
}

/** Series the pipeline accepts: estate metrics, driver actuals (app 'drivers') and imported driver forecasts (app 'driver-forecast'). */
export function knownSeries(estate: Estate): Set<string> {
  const known = new Set(estate.applications.flatMap((a) => a.metrics.map((m) => seriesKey(a.id, m.id))))
  for (const d of estate.drivers) known.add(seriesKey('drivers', d.id))
  for (const d of estate.drivers) known.add(seriesKey('driver-forecast', d.id))
  return known
}

/** A collector's own `backfillDays` (the simulator has one) when the environment does not say. */
function configuredBackfillDays(config: LoadedConfig): number | null {
  let days: number | null = null
  for (const entry of config.collectors.collectors) {
    const raw: unknown = entry.config
    if (
      entry.enabled &&
      typeof raw === 'object' &&
      raw !== null &&
      'backfillDays' in raw &&
      typeof raw.backfillDays === 'number'
    ) {
      days = Math.max(days ?? 0, raw.backfillDays)
    }
  }
  return days
}
