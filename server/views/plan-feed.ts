// The upgrade plan as a versioned feed: the last plan built (what GET
// /api/plan answers) and, each time a move is stored or an engine result
// changes a row, the delta from the one before (what the `upgradePlan` push
// carries). Rows are compared without their rank: a rank is the metric's
// place in the priority list, and one moved breach date at 10 000 metrics
// shifts thousands of them, so the ranks travel as one array beside the
// changed rows instead of as thousands of rows.
import type { Logger } from '../log.ts'
import { wireJson } from '../runtime/packed-json.ts'
import { nextTurn, runSliced, slicer } from '../turns.ts'
import { planResponseSteps, type PlanViewDeps } from './plan.ts'
import type { PlanDelta, PlanRow, PlanState } from './plan-responses.ts'

export interface PlanFeedDeps extends PlanViewDeps {
  /** A move stored in the pipeline. */
  onPlanChange: (listener: () => void) => () => void
  /** Every new engine result (its flags and breach dates are in the plan rows). */
  onEngineResult: (listener: () => void) => () => void
  log: Logger
}

export interface PlanChange {
  /** The plan after the change. */
  state: PlanState
  /** What turns the plan before it into `state`. */
  delta: PlanDelta
}

export interface PlanFeed {
  /** The plan as of every change made before the call (a move stored, an engine result in). */
  latest(): Promise<PlanState>
  onChange(listener: (change: PlanChange) => void): () => void
  stop(): void
}

/** A row's wire JSON without its rank: what decides whether the row itself changed. */
function contentJson(row: PlanRow): string {
  const rank = row.rank
  row.rank = null
  try {
    return wireJson(row)
  } finally {
    row.rank = rank
  }
}

/**
 * The delta from `before` (whose rows' content JSON is `heldContent`, by position) to the rows just
 * built, or null when nothing a client shows changed.
 */
async function deltaOf(
  before: PlanState,
  heldContent: readonly string[],
  next: Omit<PlanState, 'seq'>,
  nextContent: readonly string[],
  seq: number,
): Promise<PlanDelta | null> {
  const checkpoint = slicer()
  const heldAt = new Map(before.rows.map((r, i) => [r.id, i]))
  const rows: PlanRow[] = []
  let sameOrder = next.rows.length === before.rows.length
  let sameRanks = sameOrder
  for (let i = 0; i < next.rows.length; i++) {
    const row = next.rows[i] as PlanRow
    const held = before.rows[i]
    if (held?.id !== row.id) sameOrder = false
    if (held?.rank !== row.rank) sameRanks = false
    const at = heldAt.get(row.id)
    if (at === undefined || heldContent[at] !== nextContent[i]) rows.push(row)
    await checkpoint()
  }
  const sameCounts = wireJson(before.counts) === wireJson(next.counts)
  if (rows.length === 0 && sameOrder && sameRanks && sameCounts) return null
  return {
    seq,
    base: before.seq,
    generatedAt: next.generatedAt,
    counts: next.counts,
    rows,
    ...(sameOrder ? {} : { order: next.rows.map((r) => r.id) }),
    ...(sameOrder && sameRanks ? {} : { ranks: next.rows.map((r) => r.rank) }),
  }
}

export function createPlanFeed(deps: PlanFeedDeps): PlanFeed {
  let state: PlanState | null = null
  let content: string[] = []
  let seq = Date.now()
  const listeners = new Set<(change: PlanChange) => void>()
  // One build at a time, in order: a move stored while the last engine result's plan is being built
  // is in the build after it.
  let building: Promise<void> = Promise.resolve()
  let stops: (() => void)[] | null = null

  async function rebuild(): Promise<void> {
    const next = await runSliced(planResponseSteps(deps))
    const checkpoint = slicer()
    const nextContent: string[] = []
    for (const row of next.rows) {
      nextContent.push(contentJson(row))
      await checkpoint()
    }
    const before = state
    const delta = before ? await deltaOf(before, content, next, nextContent, seq + 1) : null
    if (before && !delta) return
    seq += 1
    state = { seq, ...next }
    content = nextContent
    if (delta) for (const listener of listeners) listener({ state, delta })
  }

  // Chained at once, so latest() called after a change waits for its build.
  function refresh(onTurnOfItsOwn = false): void {
    building = building
      .then(async () => {
        if (onTurnOfItsOwn) await nextTurn()
        await rebuild()
      })
      .catch((err: unknown) => deps.log.error({ err }, 'upgrade plan build failed; the next change builds it again'))
  }

  // Started by its first reader: a server that never serves the plan never builds it.
  function start(): void {
    if (stops) return
    // On a turn of its own: building the plan for thousands of metrics is tens of ms, not to be
    // added to the engine pass's last slice.
    stops = [deps.onPlanChange(() => refresh()), deps.onEngineResult(() => refresh(true))]
    refresh()
  }

  return {
    async latest() {
      start()
      await building
      // A build that failed leaves no plan to version: this one is built now, with a version no
      // delta has as its base, so a client holding it fetches again on the next push.
      return state ?? { seq: 0, ...(await runSliced(planResponseSteps(deps))) }
    },
    onChange(listener) {
      start()
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      for (const stop of stops ?? []) stop()
      stops = null
    },
  }
}
