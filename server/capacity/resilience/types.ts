// What the engine says about resilience: per group of sites or nodes, per
// chain, per DR reserve. Plain data, carried in the engine result and the
// snapshot.
import type { Rag } from '../limits/rag.ts'
import type { BreakpointSchedule } from '../tracked/capacity-steps.ts'
import type { ForecastBand } from '../forecast/forecast-band.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'
import type { N1Headroom } from './n-minus-one.ts'

/** What the resilience figures read of one metric (from the snapshot and the engine's verdict). */
export interface MetricFigures {
  key: string
  /** Display names: the application's (for site units without a name) and the metric's. */
  appName: string
  metricName: string
  unit: string
  breakpoint: number
  /** 24 h peak, or null with no data yet. */
  peak: number | null
  warn: number
  critical: number
  /** Daily P50/P90 band, or null when refused. */
  forecast: ForecastBand | null
  /** The breakpoint over time with ordered upgrades. */
  schedule: BreakpointSchedule
  p90Breach: Breach | null
}

export type MetricLookup = (key: string) => MetricFigures | undefined

export interface ResilienceUnitView {
  name: string
  /** app/metric for a site, null for a node (a share of the group's metric). */
  key: string | null
  capacity: number
  load: number | null
}

export interface GroupResilience {
  id: string
  name: string
  shape: 'sites' | 'nodes'
  unit: string
  /** app/metric keys of the metrics in the group. */
  members: string[]
  units: ResilienceUnitView[]
  normal: { capacity: number; load: number | null; headroom: number | null; headroomFraction: number | null }
  n1: N1Headroom
  /** From the load against what is left (warn/critical of the strictest member). */
  rag: Rag
  reason: string
  p50Breach: Breach | null
  p90Breach: Breach | null
  breachReason: string
}

export interface ChainResilience {
  chain: string
  /** The step with least spare chain transactions/s once each grouped step has lost its largest unit. */
  bottleneck: number | null
  bottleneckKey: string | null
  spareTps: number | null
  capacityTps: number | null
  headroomFraction: number | null
  rag: Rag
  /** Resilience groups the chain's steps belong to (empty: N-1 is the normal figure). */
  groups: string[]
  /** Earliest N-1 P90 breach among the steps (a grouped step's group breach, else its own). */
  firstBreach: { key: string; date: string } | null
  reason: string
}

export interface ReserveResilience {
  id: string
  name: string
  description: string | null
  /** What it would be repurposed for: a metric (app/metric) or a group id. */
  target: { kind: 'metric' | 'group'; id: string; label: string }
  unit: string
  adds: number
  leadTimeDays: number | null
  /** adds / today's peak: how much of today's load it could carry on its own. */
  absorbsFractionOfPeak: number | null
  /** The N-1 shortfall (load the survivors cannot carry) it would fill, and what is left over. */
  n1Shortfall: number | null
  n1Covered: number | null
  p90BreachWithout: string | null
  p90BreachWith: string | null
  text: string
}

export interface ResilienceResult {
  groups: GroupResilience[]
  chains: ChainResilience[]
  reserves: ReserveResilience[]
}

/** A metric's share of its group's N-1 figure, as the snapshot carries it beside normal headroom. */
export interface MetricResilienceView {
  group: string
  groupName: string
  lost: string
  /** Capacity left with the largest unit lost, and the group's load (in the metric's unit). */
  capacity: number
  load: number | null
  headroom: number | null
  headroomFraction: number | null
  rag: Rag
  p90Breach: Breach | null
  reason: string
}

export function metricResilienceView(g: GroupResilience): MetricResilienceView {
  return {
    group: g.id,
    groupName: g.name,
    lost: g.n1.lost,
    capacity: g.n1.capacity,
    load: g.n1.load,
    headroom: g.n1.headroom,
    headroomFraction: g.n1.headroomFraction,
    rag: g.rag,
    p90Breach: g.p90Breach,
    reason: g.reason,
  }
}
