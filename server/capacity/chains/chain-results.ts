// Each chain's verdict in an engine pass: its capacity and bottleneck from
// the live statuses (or the engine's own figures), the next bottleneck once
// the bottleneck's upgrade lands, and the first P90 breach along it.
import type { Estate } from '../../config/schema.ts'
import { pickUpgrade } from '../planning/priority.ts'
import type { ChainEngineResult, MetricEngineResult } from '../snapshot/engine-result.ts'
import { seriesKey as metricKey } from '../snapshot/snapshot.ts'
import type { MetricStatus } from '../snapshot/types.ts'
import { chainCapacity, type ChainCapacity } from './chain-capacity.ts'

export function chainResults(
  estate: Estate,
  statuses: ReadonlyMap<string, MetricStatus>,
  metrics: ReadonlyMap<string, MetricEngineResult>,
): ChainEngineResult[] {
  const upgrades = new Map(
    estate.applications.flatMap((a) => a.metrics.map((m) => [metricKey(a.id, m.id), pickUpgrade(m.upgrades)] as const)),
  )
  return estate.chains.map((chain) => {
    const c: ChainCapacity = chainCapacity(
      chain,
      (app, metric) => {
        const key = metricKey(app, metric)
        const s = statuses.get(key)
        const m = metrics.get(key)
        if (!s && !m) return undefined
        return { breakpoint: s?.breakpoint ?? (m?.breakpoint as number), peak: s?.peak24h ?? m?.peak24h ?? null }
      },
      (app, metric) => upgrades.get(metricKey(app, metric)) ?? null,
    )
    const stepKey = (i: number | null | undefined): string | null => {
      const s = i === null || i === undefined ? undefined : c.steps[i]
      return s ? metricKey(s.app, s.metric) : null
    }
    let firstBreach: ChainEngineResult['firstBreach'] = null
    for (const s of chain.steps) {
      const m = metrics.get(metricKey(s.app, s.metric))
      if (m?.p90Breach && (firstBreach === null || m.p90Breach.date < firstBreach.date))
        firstBreach = { key: m.key, date: m.p90Breach.date }
    }
    return { ...c, bottleneckKey: stepKey(c.bottleneck), nextBottleneckKey: stepKey(c.next?.bottleneck), firstBreach }
  })
}
