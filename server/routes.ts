// Wiring only: which router serves which /api path and which socket
// handlers run, each given the narrow part of the core it needs. Adding a
// resource is one line here plus its router (server/http/) or handler
// (server/live/); neither of those imports the core.
import type { Server } from 'socket.io'
import type { Core } from './core.ts'
import type { ApiRoute } from './http/create-app.ts'
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
import { registerScenarioHandlers } from './live/scenario-handlers.ts'
import { registerSnapshotHandlers } from './live/snapshot-handlers.ts'
import { importMaxBytes } from './settings.ts'
import { livePeakOf, type EngineApiDeps } from './views/view-deps.ts'

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

/** What the plan's router and socket handlers read: the pipeline, the estate in force, the engine's verdict. */
export function planDeps(core: Core): PlanHandlerDeps {
  return {
    plan: core.tracked.plan,
    estate: core.estate,
    tracked: () => core.tracked.plan.list(),
    engine: () => core.engine.current(),
    deliveries: () => core.tracked.deliveries(),
    onEngineResult: (listener) => core.engine.onResult(() => listener()),
  }
}

/** Every router under /api, in mount order. */
export function apiRoutes(core: Core): ApiRoute[] {
  const engine = engineDeps(core)
  return [
    { path: '/api/me', router: createMeRouter({ tokens: core.tokens }) },
    { path: '/api/estate', router: createEstateRouter({ estate: core.estate }) },
    { path: '/api/snapshot', router: createSnapshotRouter({ snapshot: () => core.snapshots.current() }) },
    { path: '/api/series', router: createSeriesRouter({ store: core.store, estate: core.estate }) },
    { path: '/api/collectors', router: createCollectorsRouter(collectorsDeps(core)) },
    { path: '/api/imports', router: createImportsRouter({ jobs: core.imports, maxBytes: importMaxBytes() }) },
    { path: '/api/upgrades', router: createUpgradesRouter(engine) },
    { path: '/api/chains', router: createChainsRouter(engine) },
    { path: '/api/forecast', router: createForecastRouter(engine) },
    { path: '/api/scenarios', router: createScenariosRouter(engine) },
    { path: '/api/peak-profile', router: createPeakProfileRouter(engine) },
    { path: '/api/feedback', router: createFeedbackRouter(engine) },
    { path: '/api/volumetrics', router: createVolumetricsRouter(engine) },
    { path: '/api/resilience', router: createResilienceRouter(engine) },
    { path: '/api/plan', router: createPlanRouter(planDeps(core)) },
    {
      path: '/api/perf-runs',
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
      router: createAlertsRouter({
        alerts: core.alerts,
        config: () => effectiveAlertsConfig(core.config().alerts, core.settings),
      }),
    },
  ]
}

/** Registers every socket handler; returns a function that stops their pushes. */
export function registerSocketHandlers(io: Server, core: Core): () => void {
  registerSnapshotHandlers(io, {
    current: () => core.snapshots.current(),
    onChange: (listener) => core.snapshots.onChange(listener),
    backfillStatus: core.backfillStatus,
    configError: core.configError,
    onBackfill: (listener) => void core.events.on('backfill', listener),
    onConfigError: (listener) => void core.events.on('configError', listener),
    counted: () => core.metrics.snapshotPushes.inc(),
  })
  registerScenarioHandlers(io, engineDeps(core))
  const stopPlanPushes = registerPlanHandlers(io, planDeps(core))
  const stopCollectorPushes = registerCollectorHandlers(io, collectorsDeps(core))
  const stopImportPushes = registerImportHandlers(io, core.imports)
  const stopAlertPushes = registerAlertHandlers(io, core.alerts)
  return () => {
    stopCollectorPushes()
    stopImportPushes()
    stopAlertPushes()
    stopPlanPushes()
  }
}
