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
import { createSnapshotService, type SnapshotService } from './runtime/snapshot-service.ts'
import { createEngineService, type EngineService } from './runtime/engine-service.ts'
import { mergeEngineResult } from './capacity/snapshot/snapshot-merge.ts'
import { createImportJobs, type ImportJobs } from './imports/import-jobs.ts'
import { openStore } from './store/open.ts'
import type { AlertService } from './alerts/service.ts'
import { createTrackedPlan, type TrackedPlan } from './runtime/tracked-plan.ts'
import { createWiredAlertService } from './alerts/wiring.ts'
import type { Store } from './store/types.ts'

export interface CoreEvents {
  backfill: [BackfillStatus]
  configError: [string | null]
  config: [LoadedConfig]
}

export interface Core {
  log: Logger
  settings: Settings
  config(): LoadedConfig
  estate(): Estate
  tokens: TokenRegistry
  store: Store
  pipeline: WritePipeline
  cache: ObservationCache
  snapshots: SnapshotService
  /** The capacity engine on its cadence (forecasts, breach dates, upgrades, chains). */
  engine: EngineService
  metrics: Metrics
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
  events: EventEmitter<CoreEvents>
  /** Swap in a new config (hot reload); the caller has validated it. */
  applyConfig(config: LoadedConfig): Promise<void>
  /** A config reload was refused: the old config stays in force and this reason is shown. */
  rejectConfig(message: string): void
  /** Generate missing history in the background; resolves when done. */
  backfill(): Promise<void>
  close(): Promise<void>
}

export async function createCore(settings: Settings, initial: LoadedConfig, log: Logger): Promise<Core> {
  let config = initial
  let known = knownSeries(config.estate)
  let backfill: BackfillStatus = { state: 'idle', done: 0, total: 0, message: null }
  let configError: string | null = null
  const events = new EventEmitter<CoreEvents>()
  const tokens = new TokenRegistry(config.server, settings.envTokens)

  const store = openStore({ dataDir: settings.dataDir, influxUrl: settings.influxUrl ?? config.server.influxUrl ?? null })
  await store.init()
  log.info({ store: store.kind }, 'store ready')
  const tracked = await createTrackedPlan({ store, config: () => config, log: log.child({ module: 'plan' }) })
  // Delivered upgrades are in the limits every screen and the engine read.
  const estate = (): Estate => tracked.estate()

  const cache = new ObservationCache(config.estate)
  await seedCache(cache, store, config.estate, new Date())
  // The engine's latest result rides on every live snapshot; a new result pushes a new snapshot.
  let engineRef: EngineService | null = null
  const snapshots = createSnapshotService({
    estate,
    cache,
    decorate: (s) => {
      const result = engineRef?.current()
      return result ? mergeEngineResult(s, result) : s
    },
  })
  const engine = createEngineService({
    store,
    estate,
    engine: () => config.engine,
    plan: () => tracked.plan.list(),
    cache,
    log: log.child({ module: 'engine' }),
    cacheFile: join(settings.dataDir, 'engine-cache.json'),
  })
  engineRef = engine
  engine.onResult(() => snapshots.refresh())
  tracked.onChange((why) => {
    snapshots.refresh()
    void engine.refresh(why)
  })

  // Gauges read these sources only when /metrics is scraped, after everything below exists.
  const metrics: Metrics = createMetrics({
    snapshot: () => snapshots.current(),
    engine: () => engine.current(),
    collectors: () => collection.health(),
    ingestBuffered: () => pipeline.stats().buffered,
    alerts: () => alerts.state(),
    notifiers: () => alerts.notifiers(),
  })
  const pipeline = createWritePipeline({
    store,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    onWritten: (points) => {
      cache.add(points)
      metrics.storeWrites.inc({ result: 'ok' })
    },
    onReject: (reason, _sample, message) => {
      metrics.ingestSamples.inc({ outcome: 'rejected' })
      metrics.ingestRejected.inc({ reason })
      log.debug({ reason }, message)
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
    store,
    snapshots,
    collection: () => collection,
    metrics: () => metrics,
    log: log.child({ module: 'alerts' }),
  })
  // Every new snapshot is judged at once; the service's own interval covers `for` and staleness between them.
  snapshots.onChange(() => alerts.evaluate())
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
    pipeline,
    cache,
    snapshots,
    engine,
    metrics,
    collection,
    imports,
    alerts,
    tracked,
    isKnown: (app, metric) => known.has(seriesKey(app, metric)),
    backfillStatus: () => backfill,
    configError: () => configError,
    events,
    rejectConfig(message) {
      log.error(message)
      configError = message
      events.emit('configError', message)
    },
    async applyConfig(next) {
      const engineChanged = JSON.stringify(next.engine) !== JSON.stringify(config.engine)
      config = next
      known = knownSeries(next.estate)
      cache.setEstate(next.estate)
      tracked.reconfigure()
      tokens.update(next.server)
      await collection.replace(next.collectors.collectors, next.estate)
      snapshots.refresh()
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
          snapshots.refresh()
          void engine.refresh('backfill done').finally(publish)
        },
      }),
    async close() {
      await collection.stop()
      await imports.close()
      await engine.stop()
      snapshots.stop()
      await alerts.stop()
      await pipeline.close()
      await store.close()
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
