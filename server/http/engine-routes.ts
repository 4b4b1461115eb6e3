// The capacity engine's routers, one per resource, mounted under /api by
// create-app.ts (after authentication: every route is viewer-level, a
// scenario run changes nothing).
import type { Express } from 'express'
import type { Core } from '../core.ts'
import type { EngineApiDeps } from '../engine/engine-deps.ts'
import { allowRead } from './access.ts'
import { createChainsRouter } from './chains.ts'
import { createFeedbackRouter } from './feedback.ts'
import { createForecastRouter } from './forecast.ts'
import { createPeakProfileRouter } from './peak-profile.ts'
import { createScenariosRouter } from './scenarios.ts'
import { createUpgradesRouter } from './upgrades.ts'
import { createVolumetricsRouter } from './volumetrics.ts'

export function engineDeps(core: Core): EngineApiDeps {
  return {
    engine: core.engine,
    estate: core.estate,
    engineFile: () => core.config().engine,
    scenarios: () => core.config().scenarios,
    store: core.store,
  }
}

export function mountEngineRoutes(app: Express, core: Core): void {
  const deps = engineDeps(core)
  app.use('/api/upgrades', allowRead(), createUpgradesRouter(deps))
  app.use('/api/chains', allowRead(), createChainsRouter(deps))
  app.use('/api/forecast', allowRead(), createForecastRouter(deps))
  app.use('/api/scenarios', allowRead(), createScenariosRouter(deps))
  app.use('/api/peak-profile', allowRead(), createPeakProfileRouter(deps))
  app.use('/api/feedback', allowRead(), createFeedbackRouter(deps))
  app.use('/api/volumetrics', allowRead(), createVolumetricsRouter(deps))
}
