// The engine's latest result as the live state merges it into metrics,
// chains and tiles: per-metric and per-chain results by key, the N-1
// lookups, and the summary every wall and overview gets. Built a part per
// turn of the event loop: at 10 000 metrics each part is tens of ms.
import type { ChainEngineResult, EngineResult, MetricEngineResult } from '../capacity/snapshot/engine-result.ts'
import type { SnapshotEngineView } from '../capacity/snapshot/engine-view.ts'
import { engineSummary, resilienceLookups, type ResilienceLookups } from '../capacity/snapshot/live-view.ts'
import { upgradeDecisionsOfSteps } from '../capacity/planning/upgrade-decisions.ts'
import { nextTurn, runSliced } from '../turns.ts'

export interface EngineVerdict {
  metrics: ReadonlyMap<string, MetricEngineResult>
  chains: ReadonlyMap<string, ChainEngineResult>
  n1: ResilienceLookups
  /** Null before the engine's first result. */
  view: SnapshotEngineView | null
}

/** Before the engine has run: metrics and chains stay as the live data alone says. */
export const NO_VERDICT: EngineVerdict = {
  metrics: new Map(),
  chains: new Map(),
  n1: { group: () => undefined, chain: () => undefined },
  view: null,
}

export async function verdictOf(result: EngineResult): Promise<EngineVerdict> {
  const metrics = new Map(result.metrics.map((m) => [m.key, m]))
  const chains = new Map(result.chains.map((c) => [c.chain, c]))
  await nextTurn()
  const n1 = resilienceLookups(result)
  await nextTurn()
  // The summary's upgrade decisions a slice at a time; engineSummary() then finds them worked out.
  await runSliced(upgradeDecisionsOfSteps(result))
  return { metrics, chains, n1, view: engineSummary(result) }
}
