// A chain with its worst unit lost at every step that has redundancy: a
// grouped step's spare is its group's N-1 headroom in chain transactions/s
// (headroom / fanOut), any other step keeps its normal spare. The least
// spare is the chain's N-1 bottleneck.
import type { ChainConfig, Estate } from '../../config/schema.ts'
import { ragFromUtilisation, type Rag } from '../limits/rag.ts'
import type { ChainResilience, GroupResilience, MetricLookup } from './types.ts'

interface StepN1 {
  key: string
  spare: number | null
  capacity: number | null
  fraction: number | null
  group: string | null
  breach: string | null
}

function stepOf(step: ChainConfig['steps'][number], groups: ReadonlyMap<string, GroupResilience>, lookup: MetricLookup): StepN1 {
  const key = `${step.app}/${step.metric}`
  const g = groups.get(key)
  if (g) {
    const h = g.n1.headroom
    return {
      key,
      spare: h === null ? null : h / step.fanOut,
      capacity: g.n1.capacity / step.fanOut,
      fraction: g.n1.headroomFraction,
      group: g.id,
      breach: g.p90Breach?.date ?? null,
    }
  }
  const m = lookup(key)
  if (!m) return { key, spare: null, capacity: null, fraction: null, group: null, breach: null }
  const spare = m.peak === null ? null : (m.breakpoint - m.peak) / step.fanOut
  return {
    key,
    spare,
    capacity: m.breakpoint / step.fanOut,
    fraction: m.peak === null ? null : 1 - m.peak / m.breakpoint,
    group: null,
    breach: m.p90Breach?.date ?? null,
  }
}

export function chainResilience(
  estate: Estate,
  chain: ChainConfig,
  groups: readonly GroupResilience[],
  lookup: MetricLookup,
): ChainResilience {
  const byMember = new Map(groups.flatMap((g) => g.members.map((k) => [k, g] as const)))
  const steps = chain.steps.map((s) => stepOf(s, byMember, lookup))
  let bottleneck: number | null = null
  steps.forEach((s, i) => {
    if (s.spare === null) return
    const b = bottleneck === null ? null : steps[bottleneck]
    if (!b || b.spare === null || s.spare < b.spare) bottleneck = i
  })
  const b = bottleneck === null ? null : (steps[bottleneck] as StepN1)
  let firstBreach: ChainResilience['firstBreach'] = null
  for (const s of steps)
    if (s.breach && (!firstBreach || s.breach < firstBreach.date)) firstBreach = { key: s.key, date: s.breach }
  const used = [...new Set(steps.flatMap((s) => (s.group ? [s.group] : [])))]
  const rag: Rag =
    b?.fraction === null || b?.fraction === undefined ? 'unknown' : ragFromUtilisation(1 - b.fraction, estate.defaults).rag
  const reason =
    b === null
      ? 'no step has a peak yet'
      : used.length === 0
        ? `no step of this chain has redundancy declared; N-1 is the normal figure (bottleneck ${b.key})`
        : `with the largest unit of ${used.join(', ')} lost, ${b.key} has the least spare: ${b.spare?.toFixed(2)} transactions/s`
  return {
    chain: chain.id,
    bottleneck,
    bottleneckKey: b?.key ?? null,
    spareTps: b?.spare ?? null,
    capacityTps: b?.capacity ?? null,
    headroomFraction: b?.fraction ?? null,
    rag,
    groups: used,
    firstBreach,
    reason,
  }
}
