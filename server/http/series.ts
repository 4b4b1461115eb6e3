import { Router } from 'express'
import type { SeriesResponse } from './api-types/core.ts'
import type { Estate } from '../config/schema.ts'
import type { Bucket, Store } from '../store/types.ts'
import { MAX_POINTS, stepForPoints } from './series-step.ts'
import { HttpError } from './errors.ts'
import { parseStep, parseTime } from './time-params.ts'

const MAX_BUCKETS = 5000
const DEFAULT_SPAN_MS = 7 * 86_400_000
/** Aim for about this many buckets when no step is given: enough for a chart, cheap to draw. */
const DEFAULT_BUCKETS = 500

export function createSeriesRouter(deps: { store: Store; estate: () => Estate }): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const app = requiredString(req.query.app, 'app')
    const metric = requiredString(req.query.metric, 'metric')
    checkKnown(deps.estate(), app, metric)
    const now = new Date()
    const to = parseTime('to', req.query.to, now) ?? now
    const from = parseTime('from', req.query.from, now) ?? new Date(to.getTime() - DEFAULT_SPAN_MS)
    if (from >= to) throw new HttpError(400, `from (${from.toISOString()}) must be before to (${to.toISOString()})`)
    const span = to.getTime() - from.getTime()
    const points = parsePoints(req.query.points)
    const explicit = parseStep('step', req.query.step)
    if (points !== null && explicit !== null) throw new HttpError(400, 'query parameters step and points: give one, not both')
    if (points !== null) {
      // "At most N points": a round step and a window of whole steps, so long spans read the rollups.
      const choice = stepForPoints(from, to, points)
      const buckets = await deps.store.range({ app, metric, from: choice.from, to: choice.to, stepMs: choice.stepMs })
      res.json(seriesBody(app, metric, choice.from, choice.to, choice.stepMs, buckets))
      return
    }
    const stepMs = explicit ?? Math.max(60_000, Math.ceil(span / DEFAULT_BUCKETS / 60_000) * 60_000)
    if (span / stepMs > MAX_BUCKETS) {
      throw new HttpError(
        400,
        `step ${stepMs} ms over ${Math.round(span / 3_600_000)} h would return ${Math.ceil(span / stepMs)} buckets; the most is ${MAX_BUCKETS}: use a larger step`,
      )
    }
    const buckets = await deps.store.range({ app, metric, from, to, stepMs })
    res.json(seriesBody(app, metric, from, to, stepMs, buckets))
  })
  return router
}

function seriesBody(app: string, metric: string, from: Date, to: Date, stepMs: number, buckets: Bucket[]): SeriesResponse {
  return {
    app,
    metric,
    from: from.toISOString(),
    to: to.toISOString(),
    stepMs,
    points: buckets.map((b) => ({ at: b.at.toISOString(), mean: b.mean, max: b.max, count: b.count })),
  }
}

function parsePoints(raw: unknown): number | null {
  if (raw === undefined || raw === '') return null
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > MAX_POINTS)
    throw new HttpError(400, `query parameter points must be a whole number from 10 to ${MAX_POINTS}; got "${String(raw)}"`)
  return Number(raw)
}

function requiredString(raw: unknown, name: string): string {
  if (typeof raw !== 'string' || raw === '') throw new HttpError(400, `query parameter ${name} is required`)
  return raw
}

function checkKnown(estate: Estate, app: string, metric: string): void {
  if (app === 'drivers') {
    if (!estate.drivers.some((d) => d.id === metric)) throw new HttpError(404, `unknown driver "${metric}"`)
    return
  }
  const application = estate.applications.find((a) => a.id === app)
  if (!application)
    throw new HttpError(404, `unknown application "${app}"; known: ${estate.applications.map((a) => a.id).join(', ')}`)
  if (!application.metrics.some((m) => m.id === metric)) {
    throw new HttpError(
      404,
      `application "${app}" has no metric "${metric}"; it has: ${application.metrics.map((m) => m.id).join(', ')}`,
    )
  }
}
