// Gathers GET /api/volumetrics: reads hourly history of every metric and
// driver over the engine's window and the imported driver-forecast versions,
// then hands them to the pure volumetrics functions. Perf-test points stored
// under a metric's own name are not load, so they are left out of the fit.
import { effectiveLimit } from '../capacity/limits/limits.ts'
import {
  driverShape,
  fitMetricModel,
  historyEnd,
  projectVersion,
  type DriverHistory,
  type DriverShape,
} from '../capacity/demand/volumetrics.ts'
import { HISTORY_DAYS } from '../runtime/engine-history.ts'
import type { VolumetricMetric, VolumetricsResponse } from './responses.ts'
import { engineResult, type EngineApiDeps } from './view-deps.ts'
import { actualsRule, readVersions } from './feedback.ts'
import { NOT_LIVE_KEYS, NOT_LOAD } from '../runtime/load-tags.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export async function gatherVolumetrics(deps: EngineApiDeps): Promise<VolumetricsResponse> {
  const result = engineResult(deps)
  const now = deps.now?.() ?? new Date()
  const estate = deps.estate()
  const settings = deps.engineFile().settings
  const to = historyEnd(now)
  const from = new Date(to.getTime() - HISTORY_DAYS * DAY_MS)
  const read = (app: string, metric: string) =>
    deps.store.range({ app, metric, from, to, stepMs: HOUR_MS, excludeTags: NOT_LOAD, excludeTagKeys: NOT_LIVE_KEYS })

  const drivers: DriverHistory[] = []
  for (const d of estate.drivers) {
    const rule = actualsRule(d)
    drivers.push({ id: d.id, hourly: await read('drivers', d.id), daily: rule.daily, isFlow: rule.rule.startsWith('sum') })
  }
  const offset = settings.peak.utcOffsetMinutes
  const shapes = new Map<string, DriverShape>()
  for (const d of drivers) {
    const shape = driverShape(d, offset)
    if (shape) shapes.set(d.id, shape)
  }
  const versions = await readVersions(deps, now)
  const today = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 10)

  const metrics: VolumetricMetric[] = []
  for (const app of estate.applications) {
    for (const m of app.metrics) {
      const fitted = fitMetricModel(m, await read(app.id, m.id), drivers, settings.loadModelMinR2)
      const configured = m.model ? { base: m.model.base, drivers: { ...m.model.drivers } } : null
      const breakpoint = effectiveLimit(m).value
      const model = fitted.ok
        ? { kind: 'fitted' as const, value: { base: fitted.base, drivers: fitted.coefficients } }
        : configured
          ? { kind: 'configured' as const, value: configured }
          : null
      let projectionNote: string | null = null
      if (m.kind === 'storage')
        projectionNote = 'storage grows with the running total of its drivers; its trend forecast gives its breach date'
      else if (!model) projectionNote = `no model: the fit was refused (${fitted.ok ? '' : fitted.reason}) and none is configured`
      else if (versions.length === 0) projectionNote = 'no driver forecast imported yet'
      const projections =
        projectionNote || !model ? [] : versions.map((v) => projectVersion(v.version, model, v.rows, shapes, breakpoint, today))
      metrics.push({
        app: app.id,
        metric: m.id,
        unit: m.unit,
        kind: m.kind,
        breakpoint,
        configured,
        fitted,
        projections,
        projectionNote,
      })
    }
  }
  const notes: string[] = []
  const missing = drivers.filter((d) => !shapes.has(d.id)).map((d) => d.id)
  if (missing.length)
    notes.push(`no complete day of actuals yet for driver(s) ${missing.join(', ')}: their hour-of-day shape is unknown`)
  return {
    generatedAt: result.generatedAt,
    minR2: settings.loadModelMinR2,
    historyDays: HISTORY_DAYS,
    versions: versions.map((v) => v.version),
    metrics,
    method:
      "A forecast day's driver value is spread over the hours by the driver's observed hour-of-day share; drivers a version does not forecast stay at their typical hour-of-day level; the model is applied hour by hour and the day's highest hour is the projected peak.",
    notes,
  }
}

/** Narrows a full answer to one version; 404 naming the known versions when it is unknown. */
export function onlyVersion(body: VolumetricsResponse, version: string): VolumetricsResponse | Error {
  if (!body.versions.includes(version))
    return new Error(`version: unknown forecast version "${version}"; known: ${body.versions.join(', ') || 'none imported'}`)
  return {
    ...body,
    metrics: body.metrics.map((m) => ({ ...m, projections: m.projections.filter((p) => p.version === version) })),
  }
}
