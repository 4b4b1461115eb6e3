// The live snapshot in pieces, so a server with thousands of metrics can
// recompute and push only what changed: one metric merged with the engine's
// verdict, one application's tile (what the wall and overview draw), one
// chain with its engine view, and the snapshot-wide engine summary.
// mergeEngineResult() (snapshot-merge.ts) is these pieces applied to a whole
// snapshot; the runtime's live state applies them one changed key at a time.
import { upgradeDecisionsOf } from '../planning/upgrade-decisions.ts'
import { worstRag } from '../limits/rag.ts'
import type { EngineResult, MetricEngineResult, ChainEngineResult } from './engine-result.ts'
import { metricView, RAG_RULE, type ChainEngineView, type SnapshotEngineView } from './engine-view.ts'
import { tightestMetric } from './snapshot.ts'
import { metricResilienceView, type ChainResilience, type MetricResilienceView } from '../resilience/types.ts'
import type { ChainStatus, MetricStatus, Rag } from './types.ts'

/** How many rows of the upgrade list ride along in every snapshot push. */
export const TOP_UPGRADES = 5

/** N-1 by metric key (its resilience group) and by chain id, from the engine's resilience result. */
export interface ResilienceLookups {
  group(key: string): MetricResilienceView | undefined
  chain(id: string): ChainResilience | undefined
}

export function resilienceLookups(result: EngineResult): ResilienceLookups {
  // One view per group, shared by its members (it is the group's figures, the same for each).
  const groupOf = new Map(
    result.resilience.groups.flatMap((g) => {
      const view = metricResilienceView(g)
      return g.members.map((k) => [k, view] as const)
    }),
  )
  const chainN1 = new Map(result.resilience.chains.map((c) => [c.chain, c]))
  return { group: (key) => groupOf.get(key), chain: (id) => chainN1.get(id) }
}

/** One metric's live status with the engine's verdict (slack RAG, breach dates, N-1 of its group) merged in. */
export function mergeMetric(
  status: MetricStatus,
  m: MetricEngineResult | undefined,
  n1?: MetricResilienceView | undefined,
): MetricStatus {
  if (!m) return status
  const rag = worstRag([status.rag, m.slackRag])
  // Keep the utilisation sentence unless slack is what made it worse.
  const reason = rag !== status.rag ? m.slackReason : status.reason
  const engine = { ...metricView(m, status.rag), ...(n1 ? { resilience: n1 } : {}) }
  return { ...status, rag, reason, utilisationRag: status.rag, engine }
}

/**
 * A metric as a tile shows it (value, headroom, RAG); the application page watches the full status.
 * No sample time: every sample moves it, so a tile carrying it changed on every collection even when
 * nothing a tile shows did (at 1 000 metrics every tile was resent every 5 s for a new timestamp).
 * Going quiet is on the tile already (`stale`, `quiet`).
 */
export type TileMetric = Pick<
  MetricStatus,
  | 'app'
  | 'metric'
  | 'name'
  | 'kind'
  | 'unit'
  | 'value'
  | 'peak24h'
  | 'breakpoint'
  | 'headroom'
  | 'headroomFraction'
  | 'peakUtilisation'
  | 'rag'
  | 'stale'
>

/** One application as the wall and the overview draw it; the application page subscribes to its metrics. */
export interface ApplicationTile {
  id: string
  name: string
  layer: string | null
  rag: Rag
  utilisationRag?: Rag
  /** The metric with the least headroom. */
  tightest: TileMetric | null
  /** The metric that sets the colour when it is not the tightest one (an order-by date already passed), with why. */
  cause: { metric: string; name: string; reason: string } | null
  /** Metrics without a sample yet or gone stale, so a wall can list them without every metric's detail. */
  quiet: { metric: string; name: string; at: string | null; stale: boolean }[]
  metricCount: number
  /** Every metric's display name by id, so pages name a metric without watching its application. */
  names: Record<string, string>
}

/**
 * Six significant digits: more than any tile prints, and a tile no longer changes (and is resent to
 * every wall) for float noise such as 7.873999999999999 against 7.874.
 */
function shown<T extends number | null>(x: T): T {
  return (x === null || !Number.isFinite(x) ? x : Number(x.toPrecision(6))) as T
}

function brief(m: MetricStatus | null): TileMetric | null {
  if (!m) return null
  const { app, metric, name, kind, unit, rag, stale } = m
  return {
    app,
    metric,
    name,
    kind,
    unit,
    value: shown(m.value),
    peak24h: shown(m.peak24h),
    breakpoint: shown(m.breakpoint),
    headroom: shown(m.headroom),
    headroomFraction: shown(m.headroomFraction),
    peakUtilisation: shown(m.peakUtilisation),
    rag,
    stale,
  }
}

function causeOf(rag: Rag, metrics: readonly MetricStatus[], tightest: MetricStatus | null): MetricStatus | null {
  const driver = metrics.find((m) => m.rag === rag && m.utilisationRag !== undefined && m.utilisationRag !== m.rag)
  if (driver) return driver
  if (!tightest || tightest.rag === rag) return null
  return metrics.find((m) => m.rag === rag) ?? null
}

export function applicationTile(
  app: { id: string; name: string; layer?: string | undefined },
  metrics: readonly MetricStatus[],
): ApplicationTile {
  const rag = worstRag(metrics.map((m) => m.rag))
  const tightest = tightestMetric(metrics)
  const cause = causeOf(rag, metrics, tightest)
  const merged = metrics.some((m) => m.utilisationRag !== undefined)
  return {
    id: app.id,
    name: app.name,
    layer: app.layer ?? null,
    rag,
    ...(merged ? { utilisationRag: worstRag(metrics.map((m) => m.utilisationRag ?? m.rag)) } : {}),
    tightest: brief(tightest),
    cause: cause ? { metric: cause.metric, name: cause.name, reason: cause.reason } : null,
    quiet: metrics
      .filter((m) => m.stale || m.value === null)
      .map((m) => ({ metric: m.metric, name: m.name, at: m.at, stale: m.stale })),
    metricCount: metrics.length,
    names: Object.fromEntries(metrics.map((m) => [m.metric, m.name])),
  }
}

/** A chain with its steps' merged RAG and the engine's view (next bottleneck, first breach). */
export function mergeChain(
  chain: ChainStatus,
  merged: (app: string, metric: string) => MetricStatus | undefined,
  e: ChainEngineResult | undefined,
  n1?: ChainResilience | undefined,
): ChainStatus {
  const steps = chain.steps.map((s) => ({ ...s, rag: merged(s.app, s.metric)?.rag ?? s.rag }))
  const slackRag = worstRag(steps.map((s) => merged(s.app, s.metric)?.engine?.slackRag ?? 'unknown'))
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
    ...(n1 ? { n1 } : {}),
  }
  return {
    ...chain,
    steps,
    rag: worstRag([chain.rag, ...steps.map((s) => s.rag)]),
    utilisationRag: chain.rag,
    ...(engine ? { engine } : {}),
  }
}

/** The snapshot-wide part of the engine's result: legend, rule, top upgrades, how settled. */
export function engineSummary(result: EngineResult, topUpgrades = TOP_UPGRADES): SnapshotEngineView {
  const decisions = upgradeDecisionsOf(result)
  return {
    generatedAt: result.generatedAt,
    legend: result.legend,
    ragRule: RAG_RULE,
    topUpgrades: result.upgrades.slice(0, topUpgrades),
    upgradeSummary: decisions.summary,
    // The wall lists what needs a decision now, not just the top of the ranking. Only the first few ride
    // along: this summary goes to every wall and overview, and a large estate can have hundreds to order
    // (upgradeSummary.orderNow counts them all).
    actionUpgrades: result.upgrades.filter((u) => decisions.rows[`${u.app}/${u.metric}`]?.needsAction).slice(0, topUpgrades),
    pending: result.stats.pending,
    staleEvidence: result.limits.stale.length,
    contradictedLimits: result.limits.contradicted.length,
    resilience: { groups: result.resilience.groups, reserves: result.resilience.reserves },
  }
}

/** A metric as pushed live: its status and the version (state sequence number) it last changed at. */
export type VersionedMetric = MetricStatus & { version: number }
export type VersionedTile = ApplicationTile & { version: number }

/** What every tile subscriber gets besides tiles: chains and the engine's summary. */
export interface LiveSummary {
  chains: ChainStatus[]
  engine: SnapshotEngineView | null
}

/**
 * Pushes of the live state, per room. A full state at `seq`, then deltas:
 * a delta holds every change of its room after `prev` up to `seq`, so a
 * client at seq s applies it when prev ≤ s < seq, ignores it when seq ≤ s,
 * and asks for the full state again when prev > s (it missed one).
 */
export interface TilesFull {
  seq: number
  at: string
  tiles: VersionedTile[]
  summary: LiveSummary
}
export interface TilesDelta {
  seq: number
  prev: number
  at: string
  tiles: VersionedTile[]
  /** The chains that changed, whole (a client replaces each by id); empty when none did. */
  chains: ChainStatus[]
  /**
   * Every chain id in order, present when the estate's chains changed (a config reload): a client drops
   * the chains not listed. Absent, the chain list is as before.
   */
  chainOrder?: string[]
  /** The engine summary, present when it changed (a new engine result). */
  engine: SnapshotEngineView | null
  /** Server clock (epoch ms) when it was broadcast: clients and the bench measure delivery lag with it. */
  sentAt?: number
}
export interface AppFull {
  seq: number
  at: string
  app: string
  metrics: VersionedMetric[]
  sentAt?: number
}
export interface AppDelta {
  seq: number
  prev: number
  at: string
  app: string
  metrics: VersionedMetric[]
  sentAt?: number
}
