// DR capacity held in reserve, listed with what it could absorb: how much of
// today's peak it could carry, how much of an N-1 shortfall it would fill, and
// how far it would push the P90 breach if it were repurposed.
import type { Estate, ReserveConfig } from '../../config/schema.ts'
import { breakpointOn } from '../tracked/capacity-steps.ts'
import { firstCrossing, fmt } from './crossing.ts'
import { groupResilience } from './groups.ts'
import { capacityLeft } from './n-minus-one.ts'
import type { GroupResilience, MetricLookup, ReserveResilience } from './types.ts'

function moved(without: string | null, withIt: string | null): string {
  if (without === null) return 'no P90 breach within the horizon to move'
  return withIt === null
    ? `P90 breach moves from ${without} to beyond the horizon`
    : `P90 breach moves from ${without} to ${withIt}`
}

function shortfallText(shortfall: number | null, covered: number | null, unit: string): string {
  if (shortfall === null || covered === null) return 'no N-1 figure yet'
  if (shortfall === 0) return 'no N-1 shortfall today'
  return covered >= shortfall
    ? `covers the N-1 shortfall of ${fmt(shortfall)} ${unit} with ${fmt(covered - shortfall)} to spare`
    : `covers ${Math.round((covered / shortfall) * 100)} % of the N-1 shortfall of ${fmt(shortfall)} ${unit}`
}

function onGroup(
  estate: Estate,
  r: ReserveConfig,
  groups: readonly GroupResilience[],
  lookup: MetricLookup,
  now: Date | number,
): ReserveResilience | null {
  const g = groups.find((x) => x.id === r.group)
  const config = estate.resilience?.groups.find((x) => x.id === r.group)
  if (!g || !config) return null
  const shortfall = g.n1.headroom === null ? null : Math.max(0, -g.n1.headroom)
  const withIt = groupResilience(config, lookup, now, r.adds)
  const absorbs = g.normal.load ? r.adds / g.normal.load : null
  return {
    ...identity(r),
    target: { kind: 'group', id: g.id, label: g.name },
    unit: g.unit,
    absorbsFractionOfPeak: absorbs,
    n1Shortfall: shortfall,
    n1Covered: shortfall === null ? null : r.adds,
    p90BreachWithout: g.p90Breach?.date ?? null,
    p90BreachWith: withIt?.p90Breach?.date ?? null,
    text: `could carry ${fmt(r.adds)} ${g.unit}${absorbs === null ? '' : ` (${Math.round(absorbs * 100)} % of today's peak)`}; ${shortfallText(shortfall, shortfall === null ? null : r.adds, g.unit)}; N-1 ${moved(g.p90Breach?.date ?? null, withIt?.p90Breach?.date ?? null)}`,
  }
}

function onMetric(
  r: ReserveConfig,
  groups: readonly GroupResilience[],
  lookup: MetricLookup,
  now: Date | number,
): ReserveResilience | null {
  const key = `${r.app}/${r.metric}`
  const m = lookup(key)
  if (!m) return null
  const capacity = m.breakpoint + r.adds
  const withIt = m.forecast
    ? firstCrossing(m.forecast, (d) => breakpointOn(m.schedule, d) + r.adds, now, { load: m.peak, capacity }, key).p90
    : null
  const g = groups.find((x) => x.members.includes(key))
  let shortfall: number | null = null
  let covered: number | null = null
  if (g && g.n1.headroom !== null) {
    shortfall = Math.max(0, -g.n1.headroom)
    // On a site the reserve grows that unit (which may then be the largest, the
    // one lost); on nodes it grows the metric, spread like its shares.
    const units = g.units.map((u) =>
      g.shape === 'nodes' ? u.capacity * (1 + r.adds / g.normal.capacity) : u.key === key ? u.capacity + r.adds : u.capacity,
    )
    covered = Math.max(0, capacityLeft(units) - g.n1.capacity)
  }
  const absorbs = m.peak ? r.adds / m.peak : null
  const n1 = g ? `; ${shortfallText(shortfall, covered, m.unit)}` : ''
  return {
    ...identity(r),
    target: { kind: 'metric', id: key, label: `${m.appName} · ${m.metricName}` },
    unit: m.unit,
    absorbsFractionOfPeak: absorbs,
    n1Shortfall: shortfall,
    n1Covered: covered,
    p90BreachWithout: m.p90Breach?.date ?? null,
    p90BreachWith: withIt?.date ?? null,
    text: `could carry ${fmt(r.adds)} ${m.unit}${absorbs === null ? '' : ` (${Math.round(absorbs * 100)} % of today's peak)`}${n1}; ${moved(m.p90Breach?.date ?? null, withIt?.date ?? null)}`,
  }
}

function identity(r: ReserveConfig): Pick<ReserveResilience, 'id' | 'name' | 'description' | 'adds' | 'leadTimeDays'> {
  return { id: r.id, name: r.name, description: r.description ?? null, adds: r.adds, leadTimeDays: r.leadTimeDays ?? null }
}

export function reserveResilience(
  estate: Estate,
  r: ReserveConfig,
  groups: readonly GroupResilience[],
  lookup: MetricLookup,
  now: Date | number,
): ReserveResilience | null {
  return r.group !== undefined ? onGroup(estate, r, groups, lookup, now) : onMetric(r, groups, lookup, now)
}
