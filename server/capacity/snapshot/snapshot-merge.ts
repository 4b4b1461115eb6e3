// Puts the engine's latest result into a fresh live snapshot. The snapshot is
// recomputed every few seconds from the live cache; the engine runs about
// once a minute over history. Merging (never recomputing) keeps the two
// cadences apart and makes every screen show the engine's own figures.
import type { EngineResult } from './engine-result.ts'
import { metricView, RAG_RULE, type ChainEngineView } from './engine-view.ts'
import { worstRag } from '../limits/rag.ts'
import { metricResilienceView } from '../resilience/types.ts'
import type { ApplicationStatus, CapacitySnapshot, ChainStatus, MetricStatus } from './types.ts'

/** How many rows of the upgrade list ride along in every snapshot push. */
export const TOP_UPGRADES = 5

export function mergeEngineResult(
  snapshot: CapacitySnapshot,
  result: EngineResult,
  topUpgrades = TOP_UPGRADES,
): CapacitySnapshot {
  const byKey = new Map(result.metrics.map((m) => [m.key, m]))
  const groupOf = new Map(result.resilience.groups.flatMap((g) => g.members.map((k) => [k, metricResilienceView(g)] as const)))
  const chainN1 = new Map(result.resilience.chains.map((c) => [c.chain, c]))
  const merged = new Map<string, MetricStatus>()
  const applications: ApplicationStatus[] = snapshot.applications.map((app) => {
    const metrics = app.metrics.map((status) => {
      const key = `${status.app}/${status.metric}`
      const m = byKey.get(key)
      if (!m) return status
      const rag = worstRag([status.rag, m.slackRag])
      // Keep the utilisation sentence unless slack is what made it worse.
      const reason = rag !== status.rag ? m.slackReason : status.reason
      const n1 = groupOf.get(key)
      const engine = { ...metricView(m, status.rag), ...(n1 ? { resilience: n1 } : {}) }
      const next: MetricStatus = { ...status, rag, reason, utilisationRag: status.rag, engine }
      merged.set(key, next)
      return next
    })
    const tightest = app.tightest ? (merged.get(`${app.tightest.app}/${app.tightest.metric}`) ?? app.tightest) : null
    return { ...app, metrics, tightest, rag: worstRag(metrics.map((m) => m.rag)), utilisationRag: app.rag }
  })
  const engineChains = new Map(result.chains.map((c) => [c.chain, c]))
  const chains: ChainStatus[] = snapshot.chains.map((chain) => {
    const steps = chain.steps.map((s) => ({ ...s, rag: merged.get(`${s.app}/${s.metric}`)?.rag ?? s.rag }))
    const e = engineChains.get(chain.id)
    const slackRag = worstRag(steps.map((s) => merged.get(`${s.app}/${s.metric}`)?.engine?.slackRag ?? 'unknown'))
    const engine: ChainEngineView | undefined = e && {
      spareTps: e.spare,
      capacityTps: e.capacity,
      bottleneckKey: e.bottleneckKey,
      nextBottleneckKey: e.nextBottleneckKey,
      nextUpgrade: e.next?.upgrade ?? null,
      nextSpareTps: e.next?.spare ?? null,
      firstBreach: e.firstBreach,
      reason: e.reason,
      utilisationRag: chain.rag,
      slackRag,
      ...(chainN1.has(chain.id) ? { n1: chainN1.get(chain.id) } : {}),
    }
    return {
      ...chain,
      steps,
      rag: worstRag([chain.rag, ...steps.map((s) => s.rag)]),
      utilisationRag: chain.rag,
      ...(engine ? { engine } : {}),
    }
  })
  return {
    ...snapshot,
    applications,
    chains,
    engine: {
      generatedAt: result.generatedAt,
      legend: result.legend,
      ragRule: RAG_RULE,
      topUpgrades: result.upgrades.slice(0, topUpgrades),
      pending: result.stats.pending,
      staleEvidence: result.limits.stale.length,
      contradictedLimits: result.limits.contradicted.length,
      resilience: result.resilience,
    },
  }
}
