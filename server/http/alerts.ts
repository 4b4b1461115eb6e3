// The alerts API. Reading (list, rules, notifiers, history, silences) needs a
// viewer or display token; acknowledging and silencing need an operator.
//   GET    /api/alerts[?state=&severity=&app=]   alerts, silences, counts
//   GET    /api/alerts/rules                      rules, notifiers, condition types
//   GET    /api/alerts/history[?kind=&target=&app=&metric=&since=&limit=]
//   GET    /api/alerts/silences
//   POST   /api/alerts/silences                   { matchers, duration | endsAt, comment }
//   DELETE /api/alerts/silences/:id               expire now
//   POST   /api/alerts/:id/ack                    { comment }
//   DELETE /api/alerts/:id/ack
import { Router, type Request } from 'express'
import { AlertActionError, type Actor } from '../alerts/evaluation/actions.ts'
import { conditionTypes } from '../alerts/evaluation/conditions/registry.ts'
import type { AlertService } from '../alerts/service.ts'
import type { AlertsConfig } from '../config/alerts-schema.ts'
import type { AlertsResponse, HistoryEntry, HistoryResponse, RulesResponse } from './api-types/alerts.ts'
import { requireRole } from './auth.ts'
import { HttpError } from './errors.ts'

export interface AlertsRouterDeps {
  alerts: AlertService
  /** alerts.yaml as in force (with environment overrides). */
  config: () => AlertsConfig
}

const STATES = ['pending', 'firing', 'resolved']
const HISTORY_KINDS = ['alert', 'silence']

function listParam(req: Request, name: string, allowed?: readonly string[]): string[] | null {
  const raw = req.query[name]
  if (raw === undefined || raw === '') return null
  if (typeof raw !== 'string') throw new HttpError(400, `Query parameter ${name} must be given once, as a comma-separated list.`)
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const bad = allowed ? values.filter((v) => !allowed.includes(v)) : []
  if (bad.length > 0) throw new HttpError(400, `Query parameter ${name}: "${bad[0]}" is not one of ${allowed?.join(', ')}.`)
  return values
}

function actorOf(req: Request): Actor {
  const p = req.principal
  return { name: p?.name ?? 'unknown', role: p?.role ?? 'viewer' }
}

/** Runs an action, turning its refusals into HTTP answers with the same sentence. */
function act<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof AlertActionError) throw new HttpError(err.status, err.message)
    throw err
  }
}

export function createAlertsRouter(deps: AlertsRouterDeps): Router {
  const router = Router()

  router.get('/', (req, res) => {
    const state = listParam(req, 'state', STATES)
    const severity = listParam(req, 'severity')
    const app = listParam(req, 'app')
    const all = deps.alerts.state()
    const body: AlertsResponse = {
      ...all,
      alerts: all.alerts.filter(
        (a) =>
          (!state || state.includes(a.state)) &&
          (!severity || severity.includes(a.severity)) &&
          (!app || (a.labels.app !== undefined && app.includes(a.labels.app))),
      ),
    }
    res.json(body)
  })

  router.get('/rules', (_req, res) => {
    const config = deps.config()
    const body: RulesResponse = {
      source: config.source,
      evaluationIntervalSeconds: config.evaluationIntervalMs / 1000,
      inhibitChains: config.inhibitChains,
      rules: config.rules.map((r) => ({
        alert: r.alert,
        group: r.group,
        condition: r.condition,
        select: { ...r.select },
        for: r.for,
        hysteresis: r.hysteresis,
        labels: r.labels,
        annotations: r.annotations,
      })),
      notifiers: deps.alerts.notifiers(),
      conditionTypes: conditionTypes().map((c) => ({ type: c.type, description: c.description, variables: c.variables })),
    }
    res.json(body)
  })

  router.get('/history', async (req, res) => {
    const kind = listParam(req, 'kind', HISTORY_KINDS)?.[0]
    const target = typeof req.query.target === 'string' && req.query.target !== '' ? req.query.target : undefined
    const app = typeof req.query.app === 'string' && req.query.app !== '' ? req.query.app : undefined
    const metric = typeof req.query.metric === 'string' && req.query.metric !== '' ? req.query.metric : undefined
    const sinceRaw = typeof req.query.since === 'string' ? req.query.since : undefined
    const since = sinceRaw === undefined ? undefined : new Date(sinceRaw)
    if (since && Number.isNaN(since.getTime()))
      throw new HttpError(400, `Query parameter since: "${sinceRaw}" is not an ISO time.`)
    const limitRaw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 200
    if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 10_000) {
      throw new HttpError(400, 'Query parameter limit must be a whole number from 1 to 10000.')
    }
    // app/metric filter on the alert's labels, kept in each entry's detail.
    const filtering = app !== undefined || metric !== undefined
    const found = await deps.alerts.history({ kind, target, since, limit: filtering ? 10_000 : limitRaw })
    const entries: HistoryEntry[] = found
      .filter((e) => !filtering || matchesLabels(e.detail, app, metric))
      .slice(0, limitRaw)
      .map((e) => ({ ...e, at: e.at.toISOString() }))
    res.json({ entries } satisfies HistoryResponse)
  })

  router.get('/silences', (_req, res) => {
    res.json({ silences: deps.alerts.state().silences })
  })

  router.post('/silences', requireRole('operator'), (req, res) => {
    res.status(201).json(act(() => deps.alerts.createSilence(req.body, actorOf(req))))
  })

  router.delete('/silences/:id', requireRole('operator'), (req, res) => {
    res.json(act(() => deps.alerts.expireSilence(String(req.params.id), actorOf(req))))
  })

  router.post('/:id/ack', requireRole('operator'), (req, res) => {
    res.json(act(() => deps.alerts.acknowledge(String(req.params.id), actorOf(req), req.body)))
  })

  router.delete('/:id/ack', requireRole('operator'), (req, res) => {
    res.json(act(() => deps.alerts.unacknowledge(String(req.params.id), actorOf(req))))
  })

  return router
}

function matchesLabels(detail: unknown, app: string | undefined, metric: string | undefined): boolean {
  if (typeof detail !== 'object' || detail === null || !('labels' in detail)) return false
  const labels: unknown = detail.labels
  if (typeof labels !== 'object' || labels === null) return false
  const get = (k: string): unknown => (k in labels ? (labels as Record<string, unknown>)[k] : undefined)
  return (app === undefined || get('app') === app) && (metric === undefined || get('metric') === metric)
}
