// Wiring only: which router serves which /api path and which socket
// handlers run, each given the narrow part of the core it needs. Adding a
// resource is one line here plus its router (server/http/) or handler
// (server/live/); neither of those imports the core.
import type { Server } from 'socket.io'
import type { Core } from './core.ts'
import type { ApiRoute } from './http/create-app.ts'
import { allowRead } from './http/access.ts'
import { effectiveAlertsConfig } from './alerts/wiring.ts'
import { createAlertsRouter } from './http/alerts.ts'
import { createChainsRouter } from './http/chains.ts'
import { createCollectorsRouter } from './http/collectors.ts'
import { createEstateRouter } from './http/estate.ts'
import { createFeedbackRouter } from './http/feedback.ts'
import { createForecastRouter } from './http/forecast.ts'
import { createImportsRouter } from './http/imports.ts'
import { createMeRouter } from './http/me.ts'
import { createPeakProfileRouter } from './http/peak-profile.ts'
import { createReportRouter } from './http/report.ts'
import { createPerfRunsRouter } from './http/perf-runs.ts'
import { createPlanRouter } from './http/plan.ts'
import { createResilienceRouter } from './http/resilience.ts'
import { createScenariosRouter } from './http/scenarios.ts'
import { createSeriesRouter } from './http/series.ts'
import { createSnapshotRouter } from './http/snapshot.ts'
import { createUpgradesRouter } from './http/upgrades.ts'
import { createVolumetricsRouter } from './http/volumetrics.ts'
import { registerAlertHandlers } from './live/alert-handlers.ts'
import { registerCollectorHandlers, type CollectorHandlerDeps } from './live/collector-handlers.ts'
import { registerImportHandlers } from './live/import-handlers.ts'
import { registerPlanHandlers, type PlanHandlerDeps } from './live/plan-handlers.ts'
import { createPlanFeed, type PlanFeed } from './views/plan-feed.ts'
import { registerScenarioHandlers } from './live/scenario-handlers.ts'
import { registerLiveHandlers, type LiveHandlerDeps } from './live/live-handlers.ts'
import { registerStatusHandlers } from './live/snapshot-handlers.ts'
import { importMaxBytes } from './settings.ts'
import { livePeakOf, type EngineApiDeps } from './views/view-deps.ts'
import type { ScenarioSaveDeps } from './views/what-if.ts'
import { loadConfig } from './config/load.ts'
import { ConfigError, formatProblem } from './config/problems.ts'
import { packedOnce, wireJson } from './runtime/packed-json.ts'

/** What the engine's views read: the latest result, the config in force and the store. */
export function engineDeps(core: Core): EngineApiDeps {
  return {
    engine: core.engine,
    estate: core.estate,
    engineFile: () => core.config().engine,
    scenarios: () => core.config().scenarios,
    store: core.store,
  }
}

export function collectorsDeps(core: Core): CollectorHandlerDeps {
  return {
    entries: () => core.collection.entries(),
    health: () => core.collection.health(),
    runOnce: (id) => core.collection.runOnce(id),
    collecting: () => core.settings.collect !== false,
    shards: core.settings.collectShards ?? null,
    onHealth: (listener) => core.collection.onHealth(listener),
  }
}

/** The live state by room: full state from this process's live state, deltas as it computes them. */
export function liveDeps(core: Core): LiveHandlerDeps {
  const bytes = (value: unknown): Uint8Array | null => (value === null ? null : Buffer.from(wireJson(value)))
  const packedTiles = packedOnce<number>()
  const local = {
    tilesFull: () => packedTiles(core.snapshots.seq(), () => core.snapshots.tilesFullJson()),
    appFull: (id: string) => Promise.resolve(bytes(core.snapshots.appFull(id))),
    counted: () => core.metrics.snapshotPushes.inc(),
  }
  const cluster = core.cluster
  if (!cluster)
    return {
      ...local,
      onDelta: (l) => core.snapshots.onDelta(l),
      clustered: false,
    }
  // In a cluster the engine leader pushes (through the Redis adapter, to every server's sockets); the others answer from its mirror.
  const mirror = cluster.mirror(core.snapshots)
  const leader = (): boolean => cluster.lease.isLeader()
  return {
    tilesFull: () => (leader() ? local.tilesFull() : mirror.tilesFull()),
    appFull: (id) => (leader() ? local.appFull(id) : mirror.appFull(id)),
    onDelta: (listener) => core.snapshots.onDelta((d) => (leader() ? listener(d) : undefined)),
    clustered: true,
    counted: local.counted,
  }
}

/** The what-if editor's save: write config/scenarios.yaml, then reload the whole config as the watcher would. */
export function scenarioSaveDeps(core: Core): ScenarioSaveDeps {
  return {
    configDir: core.settings.configDir,
    reloadConfig: async () => {
      try {
        await core.applyConfig(await loadConfig(core.settings.configDir))
        return null
      } catch (err) {
        const message = err instanceof ConfigError ? err.problems.map(formatProblem).join('; ') : String(err)
        core.rejectConfig(`config change not applied: ${message}`)
        return message
      }
    },
  }
}

/**
 * The upgrade plan feed of a core, made once: GET /api/plan answers its latest plan and the socket
 * pushes its deltas, so the version a client fetched is the one the next delta builds on.
 */
const planFeeds = new WeakMap<Core, PlanFeed>()

export function planFeedOf(core: Core): PlanFeed {
  const known = planFeeds.get(core)
  if (known) return known
  const feed = createPlanFeed({
    estate: core.estate,
    tracked: () => core.tracked.plan.list(),
    engine: () => core.engine.current(),
    deliveries: () => core.tracked.deliveries(),
    onPlanChange: (listener) => core.tracked.plan.onChange(() => listener()),
    onEngineResult: (listener) => core.engine.onResult(() => listener()),
    log: core.log,
  })
  planFeeds.set(core, feed)
  return feed
}

/** What the plan's router and socket handlers read: the pipeline and its feed. */
export function planDeps(core: Core): PlanHandlerDeps {
  return { plan: core.tracked.plan, feed: planFeedOf(core), clustered: Boolean(core.cluster) }
}

/** Every router under /api, in mount order. */
export function apiRoutes(core: Core): ApiRoute[] {
  const engine = engineDeps(core)
  return [
    { path: '/api/me', access: allowRead(), router: createMeRouter({ tokens: core.tokens }) },
    { path: '/api/estate', access: allowRead(), router: createEstateRouter({ estate: core.estate }) },
    { path: '/api/snapshot', access: allowRead(), router: createSnapshotRouter({ snapshot: () => core.snapshots.current() }) },
    { path: '/api/series', access: allowRead(), router: createSeriesRouter({ store: core.store, estate: core.estate }) },
    { path: '/api/collectors', access: allowRead(), router: createCollectorsRouter(collectorsDeps(core)) },
    {
      path: '/api/imports',
      access: allowRead(),
      router: createImportsRouter({ jobs: core.imports, maxBytes: importMaxBytes() }),
    },
    { path: '/api/upgrades', access: allowRead(), router: createUpgradesRouter(engine) },
    { path: '/api/chains', access: allowRead(), router: createChainsRouter(engine) },
    { path: '/api/forecast', access: allowRead(), router: createForecastRouter(engine) },
    { path: '/api/scenarios', access: allowRead(), router: createScenariosRouter(engine, scenarioSaveDeps(core)) },
    { path: '/api/peak-profile', access: allowRead(), router: createPeakProfileRouter(engine) },
    { path: '/api/feedback', access: allowRead(), router: createFeedbackRouter(engine) },
    { path: '/api/volumetrics', access: allowRead(), router: createVolumetricsRouter(engine) },
    { path: '/api/resilience', access: allowRead(), router: createResilienceRouter(engine) },
    { path: '/api/plan', access: allowRead(), router: createPlanRouter(planDeps(core)) },
    {
      path: '/api/perf-runs',
      access: allowRead(),
      router: createPerfRunsRouter({
        runs: core.tracked.perfRuns,
        environments: () => core.config().collectors.environments,
        collectors: () => core.config().collectors.collectors,
        livePeak: () => {
          const result = core.engine.current()
          return result ? livePeakOf(engine, result) : () => null
        },
      }),
    },
    {
      path: '/api/alerts',
      access: allowRead(),
      router: createAlertsRouter({
        alerts: core.alerts,
        config: () => effectiveAlertsConfig(core.config().alerts, core.settings),
      }),
    },
    { path: '/api/report', access: allowRead(), router: createReportRouter({ ...engine, estateName: () => core.estate().name }) },
  ]
}

/** Registers every socket handler; returns a function that stops their pushes. */
export function registerSocketHandlers(io: Server, core: Core): () => void {
  const stopLive = registerLiveHandlers(io, liveDeps(core), core.tokens)
  registerStatusHandlers(io, {
    backfillStatus: core.backfillStatus,
    configError: core.configError,
    onBackfill: (listener) => void core.events.on('backfill', listener),
    onConfigError: (listener) => void core.events.on('configError', listener),
  })
  registerScenarioHandlers(io, engineDeps(core), core.tokens)
  const stopCollectorPushes = registerCollectorHandlers(io, collectorsDeps(core), core.tokens)
  const stopPlanPushes = registerPlanHandlers(io, planDeps(core), core.tokens)
  const stopImportPushes = registerImportHandlers(io, core.imports)
  const stopAlertPushes = registerAlertHandlers(io, core.alerts, core.tokens)
  return () => {
    stopLive()
    stopCollectorPushes()
    stopImportPushes()
    stopAlertPushes()
    stopPlanPushes()
    planFeedOf(core).stop()
  }
}
