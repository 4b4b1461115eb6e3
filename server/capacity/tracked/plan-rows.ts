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

export function withPlan(
  rows: readonly PriorityRow[],
  planOf: (app: string, metric: string) => MetricPlan | null,
  tracked: readonly TrackedUpgrade[],
): PlannedPriorityRow[] {
  return rows.map((r) => {
    const mine = tracked
      .filter((u) => u.app === r.app && u.metric === r.metric && OPEN.includes(u.state))
      .map((u) => ({
        id: u.id,
        option: u.option,
        state: u.state,
        expectedDelivery: u.expectedDelivery,
        reference: u.reference,
        owner: u.owner,
      }))
    const plan = planOf(r.app, r.metric)
    const open = mine.filter((u) => u.state !== 'ordered').map((u) => `"${u.option}" ${u.state}`)
    const parts = [r.why]
    if (plan) parts.push(plan.summary)
    const worst = plan?.deliveries.find((d) => d.rag === 'red') ?? plan?.deliveries.find((d) => d.rag === 'amber')
    if (worst) parts.push(`"${worst.name}" ${worst.text}`)
    if (open.length) parts.push(`in the pipeline: ${open.join(', ')}`)
    return { ...r, why: parts.join('; '), tracked: mine, plan: plan ? { summary: plan.summary, rag: plan.rag } : null }
  })
}
