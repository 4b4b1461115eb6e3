// What a planner has to decide, read off the ranked upgrade list: which
// upgrades to order now (the order-by date has passed, or its window closes
// within the amber slack), when the next order-by date falls, and one short
// line per row. The full reasoning (`why` on each row) stays for whoever
// expands it; the ranking itself is priority.ts's and is not changed here.
import type { Rag } from '../limits/rag.ts'
import { runSteps } from '../steps.ts'
import type { PriorityRow } from './priority.ts'

/** Rows between yields in the sliced form (10 000 rows in one go were ~45 ms of event loop). */
const ROWS_PER_STEP = 1000

/**
 *   order-late   slack < 0: the order-by date has passed (slack RAG red)
 *   order-now    0 ≤ slack < amber threshold: the window closes soon (amber)
 *   planned      a breach is forecast but there is time to spare (green)
 *   no-breach    no P90 breach within the forecast horizon
 *   no-forecast  no forecast yet (too little history, refused)
 */
export type UpgradeAction = 'order-late' | 'order-now' | 'planned' | 'no-breach' | 'no-forecast'

export interface UpgradeDecision {
  /** 'app/metric', as PriorityRow's app and metric. */
  key: string
  action: UpgradeAction
  /** order-late or order-now: somebody must place an order. */
  needsAction: boolean
  /** One short line for the row; the row's `why` has the full reasoning. */
  line: string
}

export interface UpgradeSummary {
  /** Rows to order now: late plus closing soon. */
  orderNow: number
  late: number
  /** Rows with a forecast breach (shown first); the others are folded. */
  withBreach: number
  /** Rows without a breach within the horizon (or without a forecast). */
  noBreach: number
  /** The earliest order-by date from today on, with its row; null when none is ahead. */
  nextOrderBy: { date: string; key: string; slackDays: number } | null
  /** The summary as one sentence, with app/metric ids (pages put names in). */
  sentence: string
}

export interface UpgradeDecisions {
  summary: UpgradeSummary
  /** Keyed by 'app/metric'. */
  rows: Record<string, UpgradeDecision>
}

function actionOf(row: PriorityRow, slackRag: Rag | undefined): UpgradeAction {
  if (row.slackDays === null) return slackRag === 'unknown' ? 'no-forecast' : 'no-breach'
  if (row.slackDays < 0) return 'order-late'
  if (slackRag === 'amber' || slackRag === 'red') return 'order-now'
  return 'planned'
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`
}

function lineOf(row: PriorityRow, action: UpgradeAction, forecastReason: string | undefined): string {
  const chains = row.chains.length > 0 ? ` · bottleneck of ${row.chains.length} chain${row.chains.length === 1 ? '' : 's'}` : ''
  const slack = row.slackDays ?? 0
  switch (action) {
    case 'order-late':
      return `order now: ${days(-slack)} late (P90 breach ${row.p90Breach})${chains}`
    case 'order-now':
      return slack === 0
        ? `order today (P90 breach ${row.p90Breach})${chains}`
        : `order within ${days(slack)}, by ${row.orderBy} (P90 breach ${row.p90Breach})${chains}`
    case 'planned':
      return `${days(slack)} to spare: order by ${row.orderBy} (P90 breach ${row.p90Breach})${chains}`
    case 'no-forecast':
      return `no forecast yet${forecastReason ? `: ${forecastReason}` : ''}`
    case 'no-breach':
      return 'no breach forecast within the horizon'
  }
}

function sentenceOf(s: Omit<UpgradeSummary, 'sentence'>): string {
  const head =
    s.orderNow === 0
      ? 'No upgrade needs ordering now'
      : `${s.orderNow} upgrade${s.orderNow === 1 ? '' : 's'} to order now` +
        (s.late > 0 ? ` (${s.late === s.orderNow ? (s.late === 1 ? 'late' : 'all late') : `${s.late} late`})` : '')
  const next = s.nextOrderBy
    ? `the next order-by date is ${s.nextOrderBy.date} (${s.nextOrderBy.key})`
    : 'no order-by date ahead within the forecast horizon'
  return `${head}; ${next}.`
}

/**
 * `slackRag` and `forecastReason` come from the engine's per-metric results
 * (keyed 'app/metric'); `today` is YYYY-MM-DD, for "the next order-by date".
 */
export function upgradeDecisions(
  rows: readonly PriorityRow[],
  metric: (key: string) => { slackRag: Rag; forecastReason: string | null } | undefined,
  today: string,
): UpgradeDecisions {
  return runSteps(upgradeDecisionsSteps(rows, metric, today))
}

/** upgradeDecisions() as a sliced computation (steps.ts), a thousand rows at a time. */
export function* upgradeDecisionsSteps(
  rows: readonly PriorityRow[],
  metric: (key: string) => { slackRag: Rag; forecastReason: string | null } | undefined,
  today: string,
): Generator<void, UpgradeDecisions> {
  const out: Record<string, UpgradeDecision> = {}
  let late = 0
  let orderNow = 0
  let withBreach = 0
  let nextOrderBy: UpgradeSummary['nextOrderBy'] = null
  let n = 0
  for (const row of rows) {
    if (++n % ROWS_PER_STEP === 0) yield
    const key = `${row.app}/${row.metric}`
    const m = metric(key)
    const action = actionOf(row, m?.slackRag)
    const needsAction = action === 'order-late' || action === 'order-now'
    if (action === 'order-late') late++
    if (needsAction) orderNow++
    if (row.p90Breach !== null) withBreach++
    if (
      row.orderBy !== null &&
      row.slackDays !== null &&
      row.orderBy >= today &&
      (!nextOrderBy || row.orderBy < nextOrderBy.date)
    )
      nextOrderBy = { date: row.orderBy, key, slackDays: row.slackDays }
    out[key] = { key, action, needsAction, line: lineOf(row, action, m?.forecastReason ?? undefined) }
  }
  const partial = { orderNow, late, withBreach, noBreach: rows.length - withBreach, nextOrderBy }
  return { summary: { ...partial, sentence: sentenceOf(partial) }, rows: out }
}

interface DecisionInput {
  generatedAt: string
  upgrades: readonly PriorityRow[]
  metrics: readonly { key: string; slackRag: Rag; forecastReason: string | null }[]
}

/**
 * Decisions already worked out, by the result's upgrade list (results are never changed once made):
 * the live summary, GET /api/upgrades and the report each asked for them again, ~45 ms apiece at
 * 10 000 metrics.
 */
const known = new WeakMap<readonly PriorityRow[], { input: DecisionInput; decisions: UpgradeDecisions }>()

/** The decisions for an engine result, as of its own `generatedAt` day. */
export function upgradeDecisionsOf(result: DecisionInput): UpgradeDecisions {
  return runSteps(upgradeDecisionsOfSteps(result))
}

/** upgradeDecisionsOf() as a sliced computation; a result's decisions are worked out once. */
export function* upgradeDecisionsOfSteps(result: DecisionInput): Generator<void, UpgradeDecisions> {
  const hit = known.get(result.upgrades)
  if (hit && hit.input.metrics === result.metrics && hit.input.generatedAt === result.generatedAt) return hit.decisions
  const byKey = new Map(result.metrics.map((m) => [m.key, m]))
  yield
  const decisions = yield* upgradeDecisionsSteps(result.upgrades, (key) => byKey.get(key), result.generatedAt.slice(0, 10))
  known.set(result.upgrades, { input: result, decisions })
  return decisions
}
