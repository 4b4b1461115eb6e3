// The upgrade pipeline over REST. Reading needs a viewer (or display) token;
// moving an upgrade needs an operator, and every move is in the audit trail.
//   GET  /api/plan[?format=csv]           every option with its state, delivery flag and breach dates,
//                                         and the version (seq) the `upgradePlan` push's deltas build on
//   GET  /api/plan/audit[?id=&limit=]     the moves, newest first
//   POST /api/plan/:id/:action            propose | approve | order | reschedule | deliver | cancel
import { Router, type Request } from 'express'
import { z } from 'zod'
import { UPGRADE_ACTIONS, type UpgradeAction, type UpgradeCommand } from '../capacity/tracked/upgrade-states.ts'
import type { UpgradePlan } from '../runtime/upgrade-plan.ts'
import type { PlanFeed } from '../views/plan-feed.ts'
import type { PlanAuditResponse, PlanRow } from './api-types/plan.ts'
import { requireRole } from './auth.ts'
import { csvText, formatOf, sendDownload } from './csv.ts'
import { HttpError } from './errors.ts'

export interface PlanRouterDeps {
  plan: UpgradePlan
  /** The plan GET answers, with the version the socket's deltas build on. */
  feed: PlanFeed
}

const text = z.string().max(500, 'expected at most 500 characters')
const bodySchema = z.strictObject({
  owner: text.optional(),
  reference: text.optional(),
  expectedDelivery: z.string().optional(),
  deliveredOn: z.string().optional(),
  source: z.enum(['perf-test', 'vendor', 'observed']).optional(),
  note: text.optional(),
})

export const PLAN_CSV_HEADER = [
  'id',
  'app',
  'metric',
  'option',
  'state',
  'adds',
  'unit',
  'cost',
  'owner',
  'reference',
  'expected_delivery',
  'counts_from',
  'delivered_on',
  'delivery_rag',
  'days_late',
  'days_overdue',
  'p90_breach_with_plan',
  'p90_breach_without',
  'rank',
  'updated_at',
  'updated_by',
  'note',
] as const

function csvRow(r: PlanRow): unknown[] {
  return [
    r.id,
    r.app,
    r.metric,
    r.option,
    r.state ?? 'option',
    r.adds,
    r.unit,
    r.cost,
    r.owner,
    r.reference,
    r.expectedDelivery,
    r.delivery?.countsFrom,
    r.deliveredOn,
    r.delivery?.rag,
    r.delivery?.daysLate,
    r.delivery?.daysOverdue,
    r.p90Breach,
    r.unplannedP90Breach,
    r.rank,
    r.updatedAt,
    r.updatedBy,
    r.note,
  ]
}

/** The command for an action from a request body; 400 naming the field at fault. */
export function commandOf(action: string, raw: unknown, where: string): UpgradeCommand {
  const known = UPGRADE_ACTIONS.find((a) => a === action)
  if (!known) throw new HttpError(404, `${where}: no action "${action}"; actions: ${UPGRADE_ACTIONS.join(', ')}`)
  const parsed = bodySchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'body'
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown field; the body may have ${Object.keys(bodySchema.shape).join(', ')}`
        : issue?.message
    throw new HttpError(400, `${where}: ${field}: ${message}`)
  }
  const b = parsed.data
  return commandFrom(known, b)
}

function commandFrom(action: UpgradeAction, b: z.infer<typeof bodySchema>): UpgradeCommand {
  const note = b.note === undefined ? {} : { note: b.note }
  switch (action) {
    case 'order':
      return { action, owner: b.owner ?? '', reference: b.reference ?? '', expectedDelivery: b.expectedDelivery ?? '', ...note }
    case 'reschedule':
      return {
        action,
        ...(b.expectedDelivery ? { expectedDelivery: b.expectedDelivery } : {}),
        ...(b.owner ? { owner: b.owner } : {}),
        ...(b.reference ? { reference: b.reference } : {}),
        ...note,
      }
    case 'deliver':
      return {
        action,
        ...(b.deliveredOn ? { deliveredOn: b.deliveredOn } : {}),
        ...(b.source ? { source: b.source } : {}),
        ...note,
      }
    default:
      return { action, ...note }
  }
}

function actorOf(req: Request): { name: string; role: string } {
  return { name: req.principal?.name ?? 'unknown', role: req.principal?.role ?? 'viewer' }
}

export function createPlanRouter(deps: PlanRouterDeps): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const format = formatOf(req.query.format, ['json', 'csv'] as const)
    if (format instanceof Error) throw new HttpError(400, format.message)
    const body = await deps.feed.latest()
    if (format === 'csv') {
      const day = (body.generatedAt ?? new Date().toISOString()).slice(0, 10)
      sendDownload(res, `headroom-plan-${day}.csv`, 'text/csv', csvText(PLAN_CSV_HEADER, body.rows.map(csvRow)))
      return
    }
    res.json(body)
  })
  router.get('/audit', async (req, res) => {
    const id = typeof req.query.id === 'string' && req.query.id !== '' ? req.query.id : undefined
    const limit = req.query.limit === undefined ? 200 : Number(req.query.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new HttpError(400, 'query parameter limit must be a whole number from 1 to 10000')
    const entries = await deps.plan.audit({ ...(id ? { target: id } : {}), limit })
    const body: PlanAuditResponse = { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) }
    res.json(body)
  })
  router.post('/:id/:action', requireRole('operator'), async (req, res) => {
    const id = String(req.params.id)
    const action = String(req.params.action)
    const command = commandOf(action, req.body, `POST /api/plan/${id}/${action}`)
    await deps.plan.move(id, command, actorOf(req))
    const row = (await deps.feed.latest()).rows.find((r) => r.id === id)
    res.json(row)
  })
  return router
}
