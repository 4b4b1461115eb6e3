// The plan a page holds, kept current by the `upgradePlan` push: a whole
// plan (in a cluster) replaces it, a delta (server/views/plan-feed.ts)
// applies to the version it was made from. Anything else says what to do
// instead: 'stale' (already newer, ignore) or 'gap' (fetch the plan again).
import type { PlanDelta, PlanRow, PlanState } from '../../../server/http/api-types/plan.ts'

export function isPlanState(value: unknown): value is PlanState {
  return (
    typeof value === 'object' &&
    value !== null &&
    'seq' in value &&
    typeof value.seq === 'number' &&
    'rows' in value &&
    Array.isArray(value.rows) &&
    'counts' in value &&
    !('base' in value)
  )
}

export function isPlanDelta(value: unknown): value is PlanDelta {
  return (
    typeof value === 'object' &&
    value !== null &&
    'seq' in value &&
    typeof value.seq === 'number' &&
    'base' in value &&
    typeof value.base === 'number' &&
    'rows' in value &&
    Array.isArray(value.rows)
  )
}

/** `held` with `delta` applied, 'stale' when `held` is already as new, 'gap' when it is not the delta's base. */
export function applyPlanDelta(held: PlanState, delta: PlanDelta): PlanState | 'stale' | 'gap' {
  if (delta.base !== held.seq) return delta.seq <= held.seq ? 'stale' : 'gap'
  const byId = new Map(held.rows.map((r) => [r.id, r]))
  for (const row of delta.rows) byId.set(row.id, row)
  const order = delta.order ?? held.rows.map((r) => r.id)
  if (delta.ranks && delta.ranks.length !== order.length) return 'gap'
  const rows: PlanRow[] = []
  for (const [i, id] of order.entries()) {
    const row = byId.get(id)
    if (!row) return 'gap'
    const rank = delta.ranks ? (delta.ranks[i] ?? null) : row.rank
    rows.push(rank === row.rank ? row : { ...row, rank })
  }
  return { seq: delta.seq, generatedAt: delta.generatedAt, counts: delta.counts, rows }
}
