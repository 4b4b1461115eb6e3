// Chain capacity in chain transactions/s: each step sees fanOut messages per
// chain transaction, so a step carries breakpoint/fanOut. The bottleneck is
// the step with the least spare (first to break as volume grows); planners
// also need the NEXT bottleneck, because upgrading only the first one buys
// only as much as the gap to the second.
import type { ChainConfig } from '../../config/schema.ts'

export interface StepLoad {
  /** Effective breakpoint in the metric's unit (after scenario/upgrade adjustments). */
  breakpoint: number
  /** Peak load in the metric's unit, or null when unknown. */
  peak: number | null
}

export interface StepCapacity {
  app: string
  metric: string
  fanOut: number
  /** Chain transactions/s the step can carry. */
  capacity: number
  /** Chain transactions/s the step sees at its peak. */
  load: number | null
  /** capacity − load; negative when the step is over its breakpoint. */
  spare: number | null
}

export interface UpgradeOption {
  name: string
  adds: number
}

export interface ChainCapacity {
  chain: string
  steps: StepCapacity[]
  /** Index of the step with least spare, or null when no step has data. */
  bottleneck: number | null
  /** Chain capacity: the smallest step capacity, transactions/s. */
  capacity: number
  spare: number | null
  /** Where the bottleneck goes after the bottleneck's upgrade; null when there is no upgrade or no data. */
  next: { upgrade: string; bottleneck: number; spare: number | null; gain: number | null } | null
  reason: string
}

type Lookup = (app: string, metric: string) => StepLoad | undefined

function stepsOf(chain: ChainConfig, lookup: Lookup): StepCapacity[] {
  return chain.steps.map((s) => {
    const l = lookup(s.app, s.metric)
    const capacity = l ? l.breakpoint / s.fanOut : Number.NaN
    const load = l && l.peak !== null ? l.peak / s.fanOut : null
    return { app: s.app, metric: s.metric, fanOut: s.fanOut, capacity, load, spare: load === null ? null : capacity - load }
  })
}

function tightest(steps: readonly StepCapacity[]): number | null {
  let best: number | null = null
  steps.forEach((s, i) => {
    if (s.spare === null) return
    const b = best === null ? null : steps[best]
    if (!b || b.spare === null || s.spare < b.spare) best = i
  })
  return best
}

const label = (s: StepCapacity | undefined): string => (s ? `${s.app}/${s.metric}` : '?')

export function chainCapacity(
  chain: ChainConfig,
  lookup: Lookup,
  upgradeFor: (app: string, metric: string) => UpgradeOption | null = () => null,
): ChainCapacity {
  const steps = stepsOf(chain, lookup)
  const capacity = Math.min(...steps.map((s) => (Number.isFinite(s.capacity) ? s.capacity : Infinity)))
  const bottleneck = tightest(steps)
  if (bottleneck === null) {
    return { chain: chain.id, steps, bottleneck, capacity, spare: null, next: null, reason: 'no step has a peak yet' }
  }
  const b = steps[bottleneck] as StepCapacity
  const upgrade = upgradeFor(b.app, b.metric)
  let next: ChainCapacity['next'] = null
  let reason = `${label(b)} has the least spare: ${b.spare?.toFixed(2)} transactions/s`
  if (upgrade) {
    const upgraded = stepsOf(chain, (app, metric) => {
      const l = lookup(app, metric)
      return l && app === b.app && metric === b.metric ? { ...l, breakpoint: l.breakpoint + upgrade.adds } : l
    })
    const after = tightest(upgraded)
    if (after !== null) {
      const spare = upgraded[after]?.spare ?? null
      next = {
        upgrade: upgrade.name,
        bottleneck: after,
        spare,
        gain: spare === null || b.spare === null ? null : spare - b.spare,
      }
      reason +=
        after === bottleneck
          ? `; after "${upgrade.name}" it is still the bottleneck (spare ${spare?.toFixed(2)})`
          : `; after "${upgrade.name}" the bottleneck moves to ${label(upgraded[after])} (spare ${spare?.toFixed(2)})`
    }
  } else {
    reason += '; no upgrade option is configured for it'
  }
  return { chain: chain.id, steps, bottleneck, capacity, spare: b.spare, next, reason }
}

/** app/metric → ids of the chains it bottlenecks; feeds the upgrade priority. */
export function bottleneckChains(results: readonly ChainCapacity[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const r of results) {
    if (r.bottleneck === null) continue
    const s = r.steps[r.bottleneck] as StepCapacity
    const key = `${s.app}/${s.metric}`
    out.set(key, [...(out.get(key) ?? []), r.chain])
  }
  return out
}
