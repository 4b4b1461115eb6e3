// One ranked upgrade list for the whole estate. Order: least slack first
// (late orders at the top); then the upgrade that unblocks more chains; then
// the cheapest per unit of headroom. Each row says in words why it sits where
// it does, because a ranking nobody can explain will not be trusted.
import type { MetricConfig } from '../../config/schema.ts'
import { runSteps } from '../steps.ts'

type Upgrade = MetricConfig['upgrades'][number]

export interface PriorityInput {
  app: string
  metric: string
  slackDays: number | null
  orderBy: string | null
  p90Breach: string | null
  upgrade: Upgrade | null
  /** Chain ids this metric is the bottleneck of. */
  chains: string[]
}

export interface PriorityRow extends PriorityInput {
  rank: number
  costPerUnit: number | null
  why: string
}

/** The cheapest upgrade per unit of capacity; unpriced options come after priced ones. */
export function pickUpgrade(upgrades: readonly Upgrade[]): Upgrade | null {
  const sorted = [...upgrades].sort((a, b) => (perUnit(a) ?? Infinity) - (perUnit(b) ?? Infinity))
  return sorted[0] ?? null
}

function perUnit(u: Upgrade | null): number | null {
  return u && u.cost !== undefined ? u.cost / u.adds : null
}

/** A row with its sort keys worked out once (10 000 rows: a sort makes ~140 000 comparisons). */
interface Keyed {
  r: PriorityInput
  slack: number
  chains: number
  cost: number
  name: string
}

/** localeCompare's order, with the collator made once instead of per comparison. */
const byName = new Intl.Collator().compare

function compare(a: Keyed, b: Keyed): number {
  if (a.slack !== b.slack) return a.slack - b.slack
  if (a.chains !== b.chains) return b.chains - a.chains
  if (a.cost !== b.cost) return a.cost - b.cost
  return byName(a.name, b.name)
}

function slackText(r: PriorityInput): string {
  if (r.slackDays === null) return 'no breach forecast within the horizon'
  if (r.slackDays < 0) return `order is ${-r.slackDays} days late (order-by ${r.orderBy})`
  return `${r.slackDays} days of slack (order-by ${r.orderBy})`
}

function tieText(r: PriorityInput, other: PriorityInput | undefined, above: boolean): string | null {
  if (!other || (r.slackDays ?? Infinity) !== (other.slackDays ?? Infinity)) return null
  const name = `${other.app}/${other.metric}`
  if (r.chains.length !== other.chains.length) {
    return above
      ? `ahead of ${name} (same slack) because it bottlenecks more chains`
      : `behind ${name} (same slack) because it bottlenecks fewer chains`
  }
  const c = perUnit(r.upgrade) ?? Infinity
  const o = perUnit(other.upgrade) ?? Infinity
  if (c !== o)
    return above
      ? `ahead of ${name} (same slack and chains) because it is cheaper per unit`
      : `behind ${name} (same slack and chains) because it costs more per unit`
  return null
}

/** Rows between yields: at 10 000 metrics the whole list was 80 ms of event loop in one go. */
const ROWS_PER_STEP = 1000

export function prioritiseUpgrades(inputs: readonly PriorityInput[]): PriorityRow[] {
  return runSteps(prioritiseUpgradesSteps(inputs))
}

/** prioritiseUpgrades() as a sliced computation (steps.ts): the keys, the sort, then the reasons a thousand rows at a time. */
export function* prioritiseUpgradesSteps(inputs: readonly PriorityInput[]): Generator<void, PriorityRow[]> {
  const keyed = inputs.map((r): Keyed => ({
    r,
    slack: r.slackDays ?? Infinity,
    chains: r.chains.length,
    cost: perUnit(r.upgrade) ?? Infinity,
    name: `${r.app}/${r.metric}`,
  }))
  yield
  const sorted = keyed.sort(compare).map((k) => k.r)
  const rows: PriorityRow[] = []
  for (let start = 0; start < sorted.length; start += ROWS_PER_STEP) {
    yield
    const end = Math.min(sorted.length, start + ROWS_PER_STEP)
    for (let i = start; i < end; i++) rows.push(rowOf(sorted, i))
  }
  return rows
}

/** Row `i` of the ranked list with its reasons (the rows either side explain a tie). */
function rowOf(sorted: readonly PriorityInput[], i: number): PriorityRow {
  const r = sorted[i] as PriorityInput
  const cost = perUnit(r.upgrade)
  const parts = [slackText(r)]
  parts.push(r.chains.length ? `bottleneck of ${r.chains.length} chain(s): ${r.chains.join(', ')}` : 'bottleneck of no chain')
  parts.push(
    r.upgrade
      ? `"${r.upgrade.name}" adds ${r.upgrade.adds}${cost === null ? ' (no cost given)' : ` at ${cost.toFixed(2)} per unit`}`
      : 'no upgrade option configured',
  )
  const tie = tieText(r, sorted[i + 1], true) ?? tieText(r, sorted[i - 1], false)
  if (tie) parts.push(tie)
  return { ...r, rank: i + 1, costPerUnit: cost, why: parts.join('; ') }
}
