// The standing resilience figures of the estate: every group's N-1 headroom,
// RAG and breach date, every chain's N-1 bottleneck, and every DR reserve
// with what it could absorb. Called once per engine pass.
import type { Estate } from '../../config/schema.ts'
import { chainResilience } from './chains.ts'
import { groupResilience } from './groups.ts'
import { reserveResilience } from './reserves.ts'
import type { ChainResilience, GroupResilience, MetricLookup, ReserveResilience, ResilienceResult } from './types.ts'
import { runSteps } from '../steps.ts'

export function computeResilience(estate: Estate, lookup: MetricLookup, now: Date | number): ResilienceResult {
  return runSteps(computeResilienceSteps(estate, lookup, now))
}

/** computeResilience(), yielding after each group, chain and reserve (the engine pass slices its work). */
export function* computeResilienceSteps(
  estate: Estate,
  lookup: MetricLookup,
  now: Date | number,
): Generator<void, ResilienceResult, void> {
  const config = estate.resilience
  if (!config || (config.groups.length === 0 && config.reserves.length === 0)) return { groups: [], chains: [], reserves: [] }
  const groups: GroupResilience[] = []
  for (const g of config.groups) {
    const r = groupResilience(g, lookup, now)
    if (r) groups.push(r)
    yield
  }
  const chains: ChainResilience[] = []
  if (groups.length > 0)
    for (const c of estate.chains) {
      chains.push(chainResilience(estate, c, groups, lookup))
      yield
    }
  const reserves: ReserveResilience[] = []
  for (const r of config.reserves) {
    const v = reserveResilience(estate, r, groups, lookup, now)
    if (v) reserves.push(v)
    yield
  }
  return { groups, chains, reserves }
}
