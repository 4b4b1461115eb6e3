// Puts the engine's latest result into a fresh live snapshot. The snapshot is
// recomputed every few seconds from the live cache; the engine runs about
// once a minute over history. Merging (never recomputing) keeps the two
// cadences apart and makes every screen show the engine's own figures.
// The pieces (one metric, one chain, the summary) live in live-view.ts, so
// the runtime can also merge one changed key at a time.
import type { EngineResult } from './engine-result.ts'
import { worstRag } from '../limits/rag.ts'
import { engineSummary, mergeChain, mergeMetric, TOP_UPGRADES } from './live-view.ts'
import type { ApplicationStatus, CapacitySnapshot, MetricStatus } from './types.ts'

export { TOP_UPGRADES }

export function mergeEngineResult(
  snapshot: CapacitySnapshot,
  result: EngineResult,
  topUpgrades = TOP_UPGRADES,
): CapacitySnapshot {
  const byKey = new Map(result.metrics.map((m) => [m.key, m]))
  const merged = new Map<string, MetricStatus>()
  const applications: ApplicationStatus[] = snapshot.applications.map((app) => {
    const metrics = app.metrics.map((status) => {
      const key = `${status.app}/${status.metric}`
      const m = byKey.get(key)
      if (!m) return status
      const next = mergeMetric(status, m)
      merged.set(key, next)
      return next
    })
    const tightest = app.tightest ? (merged.get(`${app.tightest.app}/${app.tightest.metric}`) ?? app.tightest) : null
    return { ...app, metrics, tightest, rag: worstRag(metrics.map((m) => m.rag)), utilisationRag: app.rag }
  })
  const engineChains = new Map(result.chains.map((c) => [c.chain, c]))
  const chains = snapshot.chains.map((chain) =>
    mergeChain(chain, (app, metric) => merged.get(`${app}/${metric}`), engineChains.get(chain.id)),
  )
  return { ...snapshot, applications, chains, engine: engineSummary(result, topUpgrades) }
}
