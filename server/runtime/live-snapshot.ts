// The whole CapacitySnapshot assembled from the live state's pieces (each
// metric's status and each chain), for /api/snapshot, /metrics and alerting.
// The live state keeps metrics one by one so it can push only what changed;
// this puts them back together when a whole snapshot is asked for.
import { worstRag } from '../capacity/limits/rag.ts'
import type { SnapshotEngineView } from '../capacity/snapshot/engine-view.ts'
import { seriesKey, tightestMetric } from '../capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot, ChainStatus, MetricStatus } from '../capacity/snapshot/types.ts'
import type { Estate } from '../config/schema.ts'
import { runSteps } from '../capacity/steps.ts'

export interface SnapshotParts {
  estate: Estate
  generatedAt: string
  /** A metric's status by series key (null: not computed yet). */
  metric(key: string): MetricStatus | null
  chains: ReadonlyMap<string, ChainStatus>
  /** The engine's summary, merged in (with utilisationRag per application); null for the plain snapshot. */
  engine: SnapshotEngineView | null
}

export function assembleSnapshot(p: SnapshotParts): CapacitySnapshot {
  return runSteps(assembleSnapshotSteps(p))
}

/**
 * assembleSnapshot() an application at a time, yielding between them: at 10 000 metrics the whole
 * assembly in one go held the event loop 40–100 ms, once per alert evaluation and engine pass.
 */
export function* assembleSnapshotSteps(p: SnapshotParts): Generator<void, CapacitySnapshot> {
  const applications: CapacitySnapshot['applications'] = []
  for (const app of p.estate.applications) {
    const metrics = app.metrics.map((m) => p.metric(seriesKey(app.id, m.id))).filter((m): m is MetricStatus => m !== null)
    applications.push({
      id: app.id,
      name: app.name,
      layer: app.layer ?? null,
      rag: worstRag(metrics.map((m) => m.rag)),
      tightest: tightestMetric(metrics),
      metrics,
      ...(p.engine ? { utilisationRag: worstRag(metrics.map((m) => m.utilisationRag ?? m.rag)) } : {}),
    })
    yield
  }
  const chains = p.estate.chains.map((c) => p.chains.get(c.id)).filter((c): c is ChainStatus => c !== undefined)
  return { generatedAt: p.generatedAt, applications, chains, ...(p.engine ? { engine: p.engine } : {}) }
}
