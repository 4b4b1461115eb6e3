// What the live snapshot carries of the engine's result: the per-metric
// forecast verdict (breach dates, order-by, slack, evidence age), the combined
// RAG and its legend, the top of the upgrade list and each chain's next
// bottleneck. Merged into the snapshot (never recomputed) so every screen
// shows the same figures as /api/upgrades and /api/chains.
//
// RAG rule (sent verbatim as `ragRule` for the UI legend):
//   metric RAG = worst of its utilisation RAG (24 h peak against warn/critical)
//                and its slack RAG (order-by date against today, see slack-rag.ts);
//   application RAG = worst of its metrics' RAG;
//   chain RAG = worst of its utilisation RAG and its steps' combined RAG.
// 'unknown' counts only when nothing is known (a known green beats unknown).
import type { EvidenceStatus, MetricEngineResult } from './engine-result.ts'
import type { ForecastSummary } from '../forecast/series-types.ts'
import type { RagLegendEntry } from '../planning/slack-rag.ts'
import type { PlannedPriorityRow } from '../tracked/plan-rows.ts'
import type { UpgradeSummary } from '../planning/upgrade-decisions.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'
import type { MetricConfig } from '../../config/schema.ts'
import type { Rag } from '../limits/rag.ts'
import type { MetricPlan } from '../tracked/metric-plan.ts'
import type { ChainResilience, MetricResilienceView, ResilienceResult } from '../resilience/types.ts'

export const RAG_RULE =
  'A metric is the worse of its utilisation RAG (24 h peak against warn/critical) and its slack RAG (order-by date = P90 breach − lead time − safety buffer, against today). An application is its worst metric; a chain is the worse of its bottleneck utilisation and its worst step.'

/** Per metric: the engine's verdict as the snapshot carries it. */
export interface MetricEngineView {
  /** Likely (P50) and pessimistic (P90) dates the daily peak reaches the breakpoint; null with `breachReason`. */
  p50Breach: Breach | null
  p90Breach: Breach | null
  breachReason: string
  /** P90 breach − lead time − safety buffer; null when no breach within the horizon. */
  orderBy: string | null
  /** orderBy − today in days; negative = late. */
  slackDays: number | null
  orderReason: string
  slackRag: Rag
  slackReason: string
  /** The RAG before slack was taken into account. */
  utilisationRag: Rag
  leadTimeDays: number
  safetyBufferDays: number
  upgrade: MetricConfig['upgrades'][number] | null
  /** Model, history used and back-test error; null when refused (`forecastReason` says why). */
  forecast: ForecastSummary | null
  forecastReason: string | null
  evidence: EvidenceStatus
  /** Ordered upgrades as steps in the breakpoint (the chart's limit line steps up on `from`); null or absent when none. */
  plan?: MetricPlan | null
  /** N-1 of the metric's resilience group; absent when it is in none. */
  resilience?: MetricResilienceView
}

/** Per chain: where the bottleneck goes next and when the chain first breaks. */
export interface ChainEngineView {
  /** Spare chain transactions/s at the bottleneck (negative = over capacity). */
  spareTps: number | null
  capacityTps: number
  bottleneckKey: string | null
  /** 'app/metric' that becomes the bottleneck once the current one's upgrade lands. */
  nextBottleneckKey: string | null
  nextUpgrade: string | null
  /** Spare chain transactions/s after that upgrade. */
  nextSpareTps: number | null
  firstBreach: { key: string; date: string } | null
  reason: string
  utilisationRag: Rag
  slackRag: Rag
  /** The chain with the largest unit of each redundant step lost; absent without resilience groups. */
  n1?: ChainResilience
}

/** Snapshot-wide: the legend, the rule, the top upgrades and how settled the forecasts are. */
export interface SnapshotEngineView {
  generatedAt: string
  legend: RagLegendEntry[]
  ragRule: string
  /** The first rows of /api/upgrades, with what is already in the pipeline. */
  topUpgrades: PlannedPriorityRow[]
  /** How many upgrades to order now and the next order-by date (upgrade-decisions.ts). */
  upgradeSummary?: UpgradeSummary
  /** The rows that need an order now (late or closing soon), in rank order: the wall shows these. */
  actionUpgrades?: PlannedPriorityRow[]
  /** Series still on a provisional (Theil–Sen) forecast or missing a back-test; 0 = settled. */
  pending: number
  staleEvidence: number
  contradictedLimits: number
  /**
   * N-1 per group and DR reserves (empty lists when estate.yaml declares none). A chain's N-1 rides on
   * the chain itself (ChainEngineView.n1): this summary goes to every wall, and at 1 000 metrics the
   * per-chain list was 40 kB of it that no page read from here.
   */
  resilience: Pick<ResilienceResult, 'groups' | 'reserves'>
}

export function metricView(m: MetricEngineResult, utilisationRag: Rag): MetricEngineView {
  return {
    p50Breach: m.p50Breach,
    p90Breach: m.p90Breach,
    breachReason: m.breachReason,
    orderBy: m.orderBy,
    slackDays: m.slackDays,
    orderReason: m.orderReason,
    slackRag: m.slackRag,
    slackReason: m.slackReason,
    utilisationRag,
    leadTimeDays: m.leadTimeDays,
    safetyBufferDays: m.safetyBufferDays,
    upgrade: m.upgrade,
    forecast: m.forecast,
    forecastReason: m.forecastReason,
    evidence: m.evidence,
    plan: m.plan,
  }
}
