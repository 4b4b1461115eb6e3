import { describe, expect, it } from 'vitest'
import { prioritiseUpgrades, type PriorityInput } from '../../../server/capacity/planning/priority.ts'
import { upgradeDecisions, upgradeDecisionsOf } from '../../../server/capacity/planning/upgrade-decisions.ts'
import type { Rag } from '../../../server/capacity/limits/rag.ts'

const today = '2026-12-02'
const upgrade = { name: 'More', adds: 10, leadTimeDays: 30 }

function input(app: string, slackDays: number | null, orderBy: string | null, chains: string[] = []): PriorityInput {
  return { app, metric: 'm', slackDays, orderBy, p90Breach: orderBy === null ? null : '2027-06-01', upgrade, chains }
}

const estate: { row: PriorityInput; slackRag: Rag; forecastReason: string | null }[] = [
  { row: input('late', -42, '2026-10-21', ['install']), slackRag: 'red', forecastReason: null },
  { row: input('soon', 12, '2026-12-14'), slackRag: 'amber', forecastReason: null },
  { row: input('later', 68, '2027-02-08'), slackRag: 'green', forecastReason: null },
  { row: input('fine', null, null), slackRag: 'green', forecastReason: null },
  { row: input('young', null, null), slackRag: 'unknown', forecastReason: 'only 5 days of history' },
]

const rows = prioritiseUpgrades(estate.map((e) => e.row))
const byApp = new Map(estate.map((e) => [`${e.row.app}/m`, e]))
const decide = (list = rows, on = today) => upgradeDecisions(list, (key) => byApp.get(key), on)

describe('upgradeDecisions()', () => {
  it.each([
    {
      app: 'late',
      action: 'order-late',
      needsAction: true,
      line: 'order now: 42 days late (P90 breach 2027-06-01) · bottleneck of 1 chain',
    },
    { app: 'soon', action: 'order-now', needsAction: true, line: 'order within 12 days, by 2026-12-14 (P90 breach 2027-06-01)' },
    {
      app: 'later',
      action: 'planned',
      needsAction: false,
      line: '68 days to spare: order by 2027-02-08 (P90 breach 2027-06-01)',
    },
    { app: 'fine', action: 'no-breach', needsAction: false, line: 'no breach forecast within the horizon' },
    { app: 'young', action: 'no-forecast', needsAction: false, line: 'no forecast yet: only 5 days of history' },
  ])('upgradeDecisions() marks $app as $action with one short line', ({ app, action, needsAction, line }) => {
    expect(decide().rows[`${app}/m`]).toEqual({ key: `${app}/m`, action, needsAction, line })
  })

  it('upgradeDecisions() counts two to order now, one of them late, and names the next order-by date from today on', () => {
    const { summary } = decide()
    expect(summary).toMatchObject({ orderNow: 2, late: 1, withBreach: 3, noBreach: 2 })
    expect(summary.nextOrderBy).toEqual({ date: '2026-12-14', key: 'soon/m', slackDays: 12 })
    expect(summary.sentence).toBe('2 upgrades to order now (1 late); the next order-by date is 2026-12-14 (soon/m).')
  })

  it('upgradeDecisions() says so when nothing needs ordering and no order-by date lies ahead', () => {
    const quiet = rows.filter((r) => r.slackDays === null)
    expect(decide(quiet).summary.sentence).toBe(
      'No upgrade needs ordering now; no order-by date ahead within the forecast horizon.',
    )
    expect(decide(quiet).summary.orderNow).toBe(0)
  })

  it('upgradeDecisions() says "all late" when every order is late', () => {
    const lateOnly = rows.filter((r) => r.app === 'late')
    expect(decide(lateOnly).summary.sentence).toBe(
      '1 upgrade to order now (late); no order-by date ahead within the forecast horizon.',
    )
  })
})

describe('upgradeDecisionsOf()', () => {
  const metrics = estate.map((e) => ({ key: `${e.row.app}/m`, slackRag: e.slackRag, forecastReason: e.forecastReason }))
  const result = { generatedAt: `${today}T10:00:00.000Z`, upgrades: rows, metrics }

  it('upgradeDecisionsOf() gives upgradeDecisions() as of the result’s own day, worked out once per result', () => {
    const first = upgradeDecisionsOf(result)
    expect(first).toEqual(decide())
    expect(upgradeDecisionsOf(result)).toBe(first)
  })

  it('upgradeDecisionsOf() works the decisions out again for another day or other metrics on the same rows', () => {
    const first = upgradeDecisionsOf(result)
    const later = upgradeDecisionsOf({ ...result, generatedAt: '2027-03-01T10:00:00.000Z' })
    expect(later).toEqual(decide(rows, '2027-03-01'))
    const allGreen = upgradeDecisionsOf({ ...result, metrics: metrics.map((m) => ({ ...m, slackRag: 'green' as const })) })
    expect(allGreen).not.toBe(first)
    expect(allGreen.rows['soon/m']?.action).toBe('planned')
  })
})
