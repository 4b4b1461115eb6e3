// GET /api/upgrades: the estate-wide ranked upgrade list with the reason for
// each row's place; ?format=csv downloads it for the procurement meeting.
import { Router } from 'express'
import type { UpgradesResponse } from '../views/responses.ts'
import { csvText, formatOf, sendDownload } from './csv.ts'
import { HttpError } from './errors.ts'
import { engineResult, type EngineApiDeps } from '../views/view-deps.ts'
import { upgradeDecisionsOf } from '../capacity/planning/upgrade-decisions.ts'

export const UPGRADE_CSV_HEADER = [
  'rank',
  'app',
  'metric',
  'upgrade',
  'adds',
  'lead_time_days',
  'cost',
  'cost_per_unit',
  'p90_breach',
  'order_by',
  'slack_days',
  'bottleneck_of',
  'why',
] as const

export function createUpgradesRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', (req, res) => {
    const format = formatOf(req.query.format, ['json', 'csv'] as const)
    if (format instanceof Error) throw new HttpError(400, format.message)
    const result = engineResult(deps)
    if (format === 'csv') {
      const rows = result.upgrades.map((u) => [
        u.rank,
        u.app,
        u.metric,
        u.upgrade?.name ?? '',
        u.upgrade?.adds ?? '',
        u.upgrade?.leadTimeDays ?? '',
        u.upgrade?.cost ?? '',
        u.costPerUnit === null ? '' : Number(u.costPerUnit.toFixed(4)),
        u.p90Breach ?? '',
        u.orderBy ?? '',
        u.slackDays ?? '',
        u.chains.join(' '),
        u.why,
      ])
      sendDownload(res, `headroom-upgrades-${result.generatedAt.slice(0, 10)}.csv`, 'text/csv', csvText(UPGRADE_CSV_HEADER, rows))
      return
    }
    const decisions = upgradeDecisionsOf(result)
    const body: UpgradesResponse = {
      generatedAt: result.generatedAt,
      pending: result.stats.pending,
      upgrades: result.upgrades,
      summary: decisions.summary,
      decisions: decisions.rows,
    }
    res.json(body)
  })
  return router
}
