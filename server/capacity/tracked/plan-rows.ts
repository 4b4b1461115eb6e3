// The ranked upgrade list with the plan beside each row: what is already in
// the pipeline for the metric, and what the ordered upgrades do to its breach.
// The ranking itself already reflects the plan (slack comes from the planned
// breach); this only says so in the row's words.
import type { Rag } from '../limits/rag.ts'
import type { MetricPlan } from './metric-plan.ts'
import type { PriorityRow } from '../planning/priority.ts'
import type { TrackedUpgrade, UpgradeState } from './upgrade-states.ts'

export interface TrackedSummary {
  id: string
  option: string
  state: UpgradeState
  expectedDelivery: string | null
  reference: string | null
  owner: string | null
}

export interface PlannedPriorityRow extends PriorityRow {
  /** Entries of this metric still moving through the pipeline (proposed, approved, ordered). */
  tracked: TrackedSummary[]
  /** What the ordered upgrades do (null when nothing is ordered). */
  plan: { summary: string; rag: Rag } | null
}

const OPEN: readonly UpgradeState[] = ['proposed', 'approved', 'ordered']

/** Rows between yields (10 000 rows were ~40 ms of event loop in one go). */
const ROWS_PER_STEP = 1000

/** The ranked rows with their plans, as a sliced computation (steps.ts): a thousand rows at a time. */
export function* withPlanSteps(
  rows: readonly PriorityRow[],
  planOf: (app: string, metric: string) => MetricPlan | null,
  tracked: readonly TrackedUpgrade[],
): Generator<void, PlannedPriorityRow[]> {
  // Each metric's open entries, found once: filtering the whole register per row was rows × entries.
  const openOf = new Map<string, TrackedUpgrade[]>()
  for (const u of tracked) {
    if (!OPEN.includes(u.state)) continue
    const key = `${u.app}/${u.metric}`
    const list = openOf.get(key)
    if (list) list.push(u)
    else openOf.set(key, [u])
  }
  const out: PlannedPriorityRow[] = []
  for (const r of rows) {
    if (out.length % ROWS_PER_STEP === 0) yield
    out.push(plannedRow(r, planOf(r.app, r.metric), openOf.get(`${r.app}/${r.metric}`) ?? []))
  }
  return out
}

function plannedRow(r: PriorityRow, plan: MetricPlan | null, entries: readonly TrackedUpgrade[]): PlannedPriorityRow {
  const mine = entries.map((u) => ({
    id: u.id,
    option: u.option,
    state: u.state,
    expectedDelivery: u.expectedDelivery,
    reference: u.reference,
    owner: u.owner,
  }))
  const open = mine.filter((u) => u.state !== 'ordered').map((u) => `"${u.option}" ${u.state}`)
  const parts = [r.why]
  if (plan) parts.push(plan.summary)
  const worst = plan?.deliveries.find((d) => d.rag === 'red') ?? plan?.deliveries.find((d) => d.rag === 'amber')
  if (worst) parts.push(`"${worst.name}" ${worst.text}`)
  if (open.length) parts.push(`in the pipeline: ${open.join(', ')}`)
  return { ...r, why: parts.join('; '), tracked: mine, plan: plan ? { summary: plan.summary, rag: plan.rag } : null }
}
