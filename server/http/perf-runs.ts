// Perf-test runs recorded from monitoring. Reading needs a viewer token;
// recording writes limit evidence, so it needs an operator.
//   GET  /api/perf-runs     environments and recorded runs against live peaks
//   POST /api/perf-runs     JSON { environment, from, to, name?, apps? }, or an
//                           import: text/csv rows environment,from,to[,name][,apps]
import express, { Router, type Request } from 'express'
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import type { CollectorEntry, EnvironmentConfig } from '../config/schema.ts'
import type { PerfRunRequest, PerfRuns } from '../runtime/perf-runs.ts'
import { environmentViews, perfRunView } from '../views/perf-runs.ts'
import type { PerfRunsRecorded, PerfRunsResponse, PerfRunView } from './api-types/plan.ts'
import { requireRole } from './auth.ts'
import { HttpError } from './errors.ts'

export interface PerfRunsRouterDeps {
  runs: PerfRuns
  environments: () => readonly EnvironmentConfig[]
  collectors: () => readonly CollectorEntry[]
  /** Highest live peak of a metric (history or today), or null. */
  livePeak: () => (app: string, metric: string) => number | null
}

const bodySchema = z.strictObject({
  environment: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  name: z.string().max(200).optional(),
  apps: z.array(z.string().min(1)).max(100).optional(),
})

/** A time as given: an ISO time, or a bare date (midnight UTC). */
function time(text: string, field: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text.trim())
  if (Number.isNaN(d.getTime()))
    throw new HttpError(400, `${field}: expected an ISO time like 2026-10-14T09:00:00Z; got "${text}"`)
  return d
}

function requestOf(raw: unknown): PerfRunRequest {
  const parsed = bodySchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'body'
    throw new HttpError(
      400,
      `POST /api/perf-runs: ${field}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : issue?.message}`,
    )
  }
  const b = parsed.data
  return {
    environment: b.environment,
    from: time(b.from, 'from'),
    to: time(b.to, 'to'),
    ...(b.name ? { name: b.name } : {}),
    ...(b.apps ? { apps: b.apps } : {}),
  }
}

/** CSV rows to requests, or the line's problem (the header is line 1). */
function rowsOf(text: string): ({ line: number; request: PerfRunRequest } | { line: number; error: string })[] {
  const records = parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[]
  return records.map((r, i) => {
    const line = i + 2
    try {
      if (!r.environment || !r.from || !r.to) throw new HttpError(400, 'expected columns environment,from,to[,name][,apps]')
      const apps = r.apps?.split(/[\s;]+/).filter(Boolean)
      return {
        line,
        request: {
          environment: r.environment,
          from: time(r.from, 'from'),
          to: time(r.to, 'to'),
          ...(r.name ? { name: r.name } : {}),
          ...(apps?.length ? { apps } : {}),
        },
      }
    } catch (err) {
      return { line, error: err instanceof Error ? err.message : String(err) }
    }
  })
}

const actorOf = (req: Request) => ({ name: req.principal?.name ?? 'unknown', role: req.principal?.role ?? 'viewer' })
const csvTypes = ['text/csv', 'application/csv', 'text/plain']

export function createPerfRunsRouter(deps: PerfRunsRouterDeps): Router {
  const router = Router()
  const view = (): ((run: Parameters<typeof perfRunView>[0]) => PerfRunView) => {
    const peak = deps.livePeak()
    return (run) => perfRunView(run, peak)
  }
  router.get('/', async (_req, res) => {
    const toView = view()
    const body: PerfRunsResponse = {
      environments: environmentViews(deps.environments(), deps.collectors()),
      runs: (await deps.runs.list()).map(toView),
    }
    res.json(body)
  })
  router.post('/', requireRole('operator'), express.text({ type: csvTypes, limit: '256kb' }), async (req, res) => {
    const toView = view()
    if (typeof req.body === 'string') {
      const out: PerfRunsRecorded = { runs: [], errors: [] }
      let rows: ReturnType<typeof rowsOf>
      try {
        rows = rowsOf(req.body)
      } catch (err) {
        throw new HttpError(
          400,
          `POST /api/perf-runs: the CSV cannot be read: ${err instanceof Error ? err.message : String(err)}`,
        )
      }
      if (rows.length === 0)
        throw new HttpError(
          400,
          'POST /api/perf-runs: the CSV has no runs; send a header line (environment,from,to[,name][,apps]) and one line per run.',
        )
      for (const row of rows) {
        if ('error' in row) out.errors.push({ line: row.line, message: row.error })
        else
          try {
            out.runs.push(toView(await deps.runs.record(row.request, actorOf(req))))
          } catch (err) {
            out.errors.push({ line: row.line, message: err instanceof Error ? err.message : String(err) })
          }
      }
      if (out.runs.length === 0)
        // Every line refused: the same body with the sentence a client shows, naming the first line at fault.
        res.status(400).json({
          ...out,
          error: `POST /api/perf-runs: no run recorded; line ${out.errors[0]?.line ?? '?'}: ${out.errors[0]?.message ?? 'no runs'}`,
        })
      else res.status(201).json(out)
      return
    }
    const run = await deps.runs.record(requestOf(req.body), actorOf(req))
    const body: PerfRunsRecorded = { runs: [toView(run)], errors: [] }
    res.status(201).json(body)
  })
  return router
}
