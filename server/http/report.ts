// GET /api/report[?asOf=YYYY-MM-DD][&format=json|html] (viewer: it reads
// only). As of today it is the live engine's; as of an earlier day the
// engine runs again over the history up to that day's end, which takes a
// few seconds, so such reports are built one at a time and kept for a few
// minutes (a board member's reload does not refit every model).
import { Router } from 'express'
import { formatOf } from './csv.ts'
import { HttpError } from './errors.ts'
import { renderReportHtml } from '../views/report-html.ts'
import { buildReport, reportMoment, type ReportDeps } from '../views/report.ts'
import type { ReportResponse } from '../views/report-types.ts'
import { optionalQuery } from '../views/view-deps.ts'

const KEEP_MS = 5 * 60_000
const KEEP_REPORTS = 8

export function createReportRouter(deps: ReportDeps): Router {
  const router = Router()
  const kept = new Map<string, { at: number; report: Promise<ReportResponse> }>()
  let queue: Promise<unknown> = Promise.resolve()

  const pastReport = (day: string): Promise<ReportResponse> => {
    const hit = kept.get(day)
    if (hit && Date.now() - hit.at < KEEP_MS) return hit.report
    const report = queue.then(() => buildReport(deps, day))
    queue = report.catch(() => undefined)
    kept.set(day, { at: Date.now(), report })
    report.catch(() => kept.delete(day))
    while (kept.size > KEEP_REPORTS) kept.delete(kept.keys().next().value as string)
    return report
  }

  router.get('/', async (req, res) => {
    const format = formatOf(req.query.format, ['json', 'html'] as const)
    if (format instanceof Error) throw new HttpError(400, format.message)
    const asOf = optionalQuery(req.query.asOf, 'asOf')
    const moment = reportMoment(asOf, deps.now?.() ?? new Date())
    const report = moment.live ? await buildReport(deps, null) : await pastReport(moment.day)
    if (format === 'html') {
      res.setHeader('Content-Disposition', `attachment; filename="headroom-report-${report.asOf}.html"`)
      res.type('text/html; charset=utf-8').send(renderReportHtml(report))
      return
    }
    res.json(report)
  })
  return router
}
