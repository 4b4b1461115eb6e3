// The standing resilience figures of the estate: every group's N-1 headroom,
// RAG and breach date, every chain's N-1 bottleneck, and every DR reserve
// with what it could absorb. Called once per engine pass.
import type { Estate } from '../../config/schema.ts'
import { chainResilience } from './chains.ts'
import { groupResilience } from './groups.ts'
import { reserveResilience } from './reserves.ts'
import type { GroupResilience, MetricLookup, ReserveResilience, ResilienceResult } from './types.ts'

export function computeResilience(estate: Estate, lookup: MetricLookup, now: Date | number): ResilienceResult {
  const config = estate.resilience
  if (!config || (config.groups.length === 0 && config.reserves.length === 0)) return { groups: [], chains: [], reserves: [] }
  const groups = config.groups.flatMap((g): GroupResilience[] => {
    const r = groupResilience(g, lookup, now)
    return r ? [r] : []
  })
  return {
    groups,
    chains: groups.length === 0 ? [] : estate.chains.map((c) => chainResilience(estate, c, groups, lookup)),
    reserves: config.reserves.flatMap((r): ReserveResilience[] => {
      const v = reserveResilience(estate, r, groups, lookup, now)
      return v ? [v] : []
    }),
  }
}
