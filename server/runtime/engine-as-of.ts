// The capacity engine as of a past moment: the same pure computeEngine(),
// fed the store's history up to that moment and the 24 h peaks and latest
// values the live cache would have held then. The capacity report uses it
// for "as of 30 November"; the live engine service is not touched. Every
// model is fitted (no fit budget): a report is asked for rarely and must
// not show provisional forecasts.
import { computeEngine } from '../capacity/engine.ts'
import type { ForecastBackend } from '../capacity/forecast/types.ts'
import type { MetricObservation } from '../capacity/limits/metric-status.ts'
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import { computeSnapshot, seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot } from '../capacity/snapshot/types.ts'
import type { EngineFile } from '../config/engine-file.ts'
import type { Estate } from '../config/schema.ts'
import type { Store } from '../store/types.ts'
import { augursBackend } from './augurs-backend.ts'
import { createEngineHistory } from './engine-history.ts'
import { NOT_LOAD } from './load-tags.ts'

const DAY_MS = 86_400_000
const STEP_MS = 5 * 60_000

export interface EngineAsOf {
  result: EngineResult
  snapshot: CapacitySnapshot
  /** Each driver's 24 h peak before `at` (what scenarios would scale). */
  driverLevels: Record<string, number>
}

/** Latest value and 24 h peak before `at`, from 5-minute buckets (the live cache keeps the same two figures). */
async function observationAsOf(store: Store, app: string, metric: string, at: Date): Promise<MetricObservation> {
  const buckets = await store.range({
    app,
    metric,
    from: new Date(at.getTime() - DAY_MS),
    to: at,
    stepMs: STEP_MS,
    ...(app === 'drivers' ? {} : { excludeTags: NOT_LOAD }),
  })
  const last = buckets.at(-1)
  return {
    latest: last ? { value: last.mean, at: new Date(last.at.getTime() + STEP_MS) } : null,
    peak24h: buckets.length > 0 ? Math.max(...buckets.map((b) => b.max)) : null,
    intervalMs: null,
  }
}

export async function engineAsOf(
  deps: { store: Store; estate: Estate; engine: EngineFile; backend?: ForecastBackend },
  at: Date,
): Promise<EngineAsOf> {
  const { store, estate } = deps
  const observations = new Map<string, MetricObservation>()
  for (const app of estate.applications)
    for (const m of app.metrics) observations.set(seriesKey(app.id, m.id), await observationAsOf(store, app.id, m.id, at))
  const driverLevels: Record<string, number> = {}
  for (const d of estate.drivers) {
    const o = await observationAsOf(store, 'drivers', d.id, at)
    const level = o.peak24h ?? o.latest?.value
    if (level !== undefined && level !== null) driverLevels[d.id] = level
  }
  const snapshot = computeSnapshot(estate, observations, at)
  // A one-off source: a full read of the days before `at`, as the live engine would have made it then.
  const { history, drivers } = await createEngineHistory(store, () => at.getTime()).read(estate, deps.engine.settings.peak, at)
  const result = computeEngine({
    estate,
    settings: deps.engine.settings,
    history,
    drivers,
    snapshot,
    now: at,
    backend: deps.backend ?? augursBackend(),
    ...(deps.engine.legend ? { legend: deps.engine.legend } : {}),
  })
  return { result, snapshot, driverLevels }
}
