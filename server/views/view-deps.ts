// What the engine's routers and socket handlers need from the core: the
// engine's latest result, the config in force and the store (peak profiles
// and feedback read history the engine does not keep).
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import type { Scenario } from '../config/engine-schema.ts'
import type { EngineFile } from '../config/engine-file.ts'
import type { Estate } from '../config/schema.ts'
import type { EngineService } from '../runtime/engine-service.ts'
import { HttpError } from '../request-error.ts'
import type { Store } from '../store/types.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'

/** What the views read of the engine: its latest result and what it was computed against. */
export type EngineView = Pick<EngineService, 'current' | 'baseSnapshot' | 'driverLevels'>

export interface EngineApiDeps {
  engine: EngineView
  estate: () => Estate
  engineFile: () => EngineFile
  scenarios: () => readonly Scenario[]
  store: Store
  now?: () => Date
}

/** The latest result, or 503 while the first run is still going (a few seconds after start). */
export function engineResult(deps: EngineApiDeps): EngineResult {
  const result = deps.engine.current()
  if (!result) throw new HttpError(503, 'The capacity engine has not finished its first run yet; try again in a few seconds.')
  return result
}

/** "Highest live peak seen": the history's best daily peak, or today's 24 h peak if higher (as the engine uses it). */
export function livePeakOf(deps: EngineApiDeps, result: EngineResult): (app: string, metric: string) => number | null {
  const today = new Map<string, number | null>()
  for (const a of deps.engine.baseSnapshot()?.applications ?? [])
    for (const m of a.metrics) today.set(`${m.app}/${m.metric}`, m.peak24h)
  return (app, metric) => {
    const key = seriesKey(app, metric)
    const h = result.cache.series.get(key)?.maxPeak ?? null
    const t = today.get(key) ?? null
    return h === null ? t : t === null ? h : Math.max(h, t)
  }
}

export function requiredQuery(raw: unknown, name: string): string {
  if (raw === undefined || raw === '') throw new HttpError(400, `query parameter ${name} is required`)
  if (typeof raw !== 'string') throw new HttpError(400, `query parameter ${name} must be given once`)
  return raw
}

export function optionalQuery(raw: unknown, name: string): string | null {
  if (raw === undefined || raw === '') return null
  return requiredQuery(raw, name)
}

/** 404 naming the unknown app or metric and what is known. */
export function checkMetric(estate: Estate, app: string, metric: string): { unit: string } {
  if (app === 'drivers') {
    const d = estate.drivers.find((x) => x.id === metric)
    if (!d) throw new HttpError(404, `metric: unknown driver "${metric}"; known: ${estate.drivers.map((x) => x.id).join(', ')}`)
    return { unit: d.unit }
  }
  const a = estate.applications.find((x) => x.id === app)
  if (!a)
    throw new HttpError(
      404,
      `app: unknown application "${app}"; known: ${estate.applications.map((x) => x.id).join(', ')} (or "drivers")`,
    )
  const m = a.metrics.find((x) => x.id === metric)
  if (!m)
    throw new HttpError(
      404,
      `metric: application "${app}" has no metric "${metric}"; it has: ${a.metrics.map((x) => x.id).join(', ')}`,
    )
  return { unit: m.unit }
}
