// N-1 of one resilience group. Sites: each unit is a metric of its own and
// its capacity its breakpoint; the load is the sum of the sites' peaks.
// Nodes: each unit is a share of one metric's breakpoint; the load is that
// metric's peak. The breach date comes from the forecast load (summed over
// sites: the sum of P90s is a pessimistic P90 of the sum, the safe side)
// against the capacity left on each day, ordered upgrades included.
import type { ResilienceGroupConfig } from '../../config/schema.ts'
import { ragFromUtilisation } from '../limits/rag.ts'
import { breakpointOn } from '../tracked/capacity-steps.ts'
import { EMPTY_BAND, type ForecastBand } from '../forecast/forecast-band.ts'
import { firstCrossing, fmt, sumBands } from './crossing.ts'
import { capacityLeft, headroomWithLargestLost } from './n-minus-one.ts'
import type { GroupResilience, MetricFigures, MetricLookup, ResilienceUnitView } from './types.ts'

interface Shape {
  shape: GroupResilience['shape']
  members: MetricFigures[]
  units: ResilienceUnitView[]
  load: number | null
  /** Every unit's capacity on a date. */
  capacitiesOn: (date: string) => number[]
  forecast: ForecastBand | null
  missing: string[]
}

function sites(g: ResilienceGroupConfig, lookup: MetricLookup): Shape {
  const found = g.units.map((u) => ({ u, m: lookup(`${u.app}/${u.metric}`) }))
  const members = found.flatMap((f) => (f.m ? [f.m] : []))
  const loads = members.map((m) => m.peak)
  const load = loads.some((l) => l === null) ? null : loads.reduce<number>((s, l) => s + (l ?? 0), 0)
  const missing = members.filter((m) => m.forecast === null).map((m) => m.key)
  return {
    shape: 'sites',
    members,
    units: found.flatMap(({ u, m }) =>
      m ? [{ name: u.name ?? m.appName, key: m.key, capacity: m.breakpoint, load: m.peak }] : [],
    ),
    load,
    capacitiesOn: (date) => members.map((m) => breakpointOn(m.schedule, date)),
    forecast: missing.length > 0 ? null : sumBands(members.map((m) => m.forecast ?? EMPTY_BAND)),
    missing,
  }
}

function nodes(g: ResilienceGroupConfig, lookup: MetricLookup): Shape {
  const m = lookup(`${g.app}/${g.metric}`)
  const shares = g.units.map((u) => u.share ?? 0)
  return {
    shape: 'nodes',
    members: m ? [m] : [],
    units: g.units.map((u) => ({ name: u.name ?? '?', key: null, capacity: (m?.breakpoint ?? 0) * (u.share ?? 0), load: null })),
    load: m?.peak ?? null,
    capacitiesOn: (date) => shares.map((s) => (m ? breakpointOn(m.schedule, date) : 0) * s),
    forecast: m?.forecast ?? null,
    missing: m && m.forecast === null ? [m.key] : [],
  }
}

/**
 * The group's N-1 figures. `standIn` is spare capacity (a DR reserve) that
 * would stand in for the lost unit: it adds to what is left, not to the
 * units, so it is never the one removed.
 */
export function groupResilience(
  g: ResilienceGroupConfig,
  lookup: MetricLookup,
  now: Date | number,
  standIn = 0,
): GroupResilience | null {
  const s = g.app === undefined ? sites(g, lookup) : nodes(g, lookup)
  if (s.members.length === 0 || s.units.length < 2) return null
  const lost = headroomWithLargestLost(s.units, s.load)
  const left = lost.capacity + standIn
  const n1 = {
    ...lost,
    capacity: left,
    headroom: s.load === null ? null : left - s.load,
    headroomFraction: s.load === null || left <= 0 ? null : (left - s.load) / left,
    utilisation: s.load === null || left <= 0 ? null : s.load / left,
  }
  const capacity = s.units.reduce((sum, u) => sum + u.capacity, 0)
  const warn = Math.min(...s.members.map((m) => m.warn))
  const critical = Math.min(...s.members.map((m) => m.critical))
  const util = ragFromUtilisation(n1.utilisation, { warn, critical })
  const what = `with ${n1.lost} lost (${fmt(n1.capacity)} left)`
  const pct = (x: number): string => `${Math.round(x * 100)} %`
  const reason =
    n1.load === null
      ? `${what}: no peak yet`
      : `${what}: 24 h peak ${fmt(n1.load)} is ${pct(n1.utilisation ?? 0)} of it (warn ${pct(warn)}, critical ${pct(critical)})`
  const current = { load: s.load, capacity: n1.capacity }
  const over = s.load !== null && s.load >= n1.capacity
  // Already over what survives: the breach is today, forecast or not.
  const breach =
    s.forecast || over
      ? firstCrossing(s.forecast ?? EMPTY_BAND, (d) => capacityLeft(s.capacitiesOn(d)) + standIn, now, current, `N-1 ${what}`)
      : { p50: null, p90: null, reason: `no forecast for ${s.missing.join(', ')}` }
  return {
    id: g.id,
    name: g.name,
    shape: s.shape,
    unit: s.members[0]?.unit ?? '',
    members: s.members.map((m) => m.key),
    units: s.units,
    normal: {
      capacity,
      load: s.load,
      headroom: s.load === null ? null : capacity - s.load,
      headroomFraction: s.load === null || capacity <= 0 ? null : 1 - s.load / capacity,
    },
    n1,
    rag: util.rag,
    reason,
    p50Breach: breach.p50,
    p90Breach: breach.p90,
    breachReason: breach.reason,
  }
}
