// Output of computeEngine(), the one call the server makes per refresh.
// Everything here is plain data (JSON-safe) except the cache, which the
// caller hands back unchanged on the next call (as EngineInput.cache).
import type { LimitConfig, MetricConfig } from '../../config/schema.ts'
import type { ChainCapacity } from '../chains/chain-capacity.ts'
import type { LimitReview } from '../feedback/feedback.ts'
import type { MetricPlan } from '../tracked/metric-plan.ts'
import type { PlannedPriorityRow } from '../tracked/plan-rows.ts'
import type { ResilienceResult } from '../resilience/types.ts'
import type { Breach } from '../planning/time-to-breakpoint.ts'
import type { Rag } from '../limits/rag.ts'
import type { RagLegendEntry } from '../planning/slack-rag.ts'
import type { EngineCache, ForecastSummary } from '../forecast/series-types.ts'

export interface EvidenceStatus {
  /** The binding limit (the one that sets the breakpoint). */
  limit: string
  source: LimitConfig['evidence']['source']
  date: string
  ageDays: number
  stale: boolean
}

export interface MetricEngineResult {
  key: string
  app: string
  metric: string
  breakpoint: number
  peak24h: number | null
  /** Null when the forecast was refused; `forecastReason` says why. */
  forecast: ForecastSummary | null
  forecastReason: string | null
  p50Breach: Breach | null
  p90Breach: Breach | null
  breachReason: string
  /** The upgrade ordered against this breach: cheapest per unit, or null when none is configured. */
  upgrade: MetricConfig['upgrades'][number] | null
  /** Lead time used: the upgrade's, else the metric's. */
  leadTimeDays: number
  safetyBufferDays: number
  orderBy: string | null
  slackDays: number | null
  orderReason: string
  /** RAG from slack against lead time alone. */
  slackRag: Rag
  slackReason: string
  /** Worse of the utilisation RAG (snapshot) and the slack RAG. */
  rag: Rag
  reason: string
  evidence: EvidenceStatus
  /** Ordered upgrades as breakpoint steps and whether each lands in time; null when nothing is ordered. */
  plan: MetricPlan | null
}

export interface DriverEngineResult {
  key: string
  driver: string
  forecast: ForecastSummary | null
  forecastReason: string | null
  /** Forecast P50/P90 on the last horizon day, for a glance at growth. */
  horizonEnd: { date: string; p50: number; p90: number } | null
}

export interface ChainEngineResult extends ChainCapacity {
  /** 'app/metric' of the bottleneck, of the next bottleneck after its upgrade. */
  bottleneckKey: string | null
  nextBottleneckKey: string | null
  /** Earliest P90 breach among the chain's steps: when the chain breaks. */
  firstBreach: { key: string; date: string } | null
}

export interface EngineStats {
  metrics: number
  drivers: number
  /** Forecasts fitted in this call (cache misses), and reused. */
  fitted: number
  reused: number
  backtested: number
  /** Series showing a provisional forecast or still missing a back-test: work left for later calls. */
  pending: number
}

export interface EngineResult {
  generatedAt: string
  metrics: MetricEngineResult[]
  drivers: DriverEngineResult[]
  upgrades: PlannedPriorityRow[]
  chains: ChainEngineResult[]
  limits: LimitReview
  legend: RagLegendEntry[]
  /** N-1 per resilience group and chain, and DR reserves with what they could absorb. */
  resilience: ResilienceResult
  stats: EngineStats
  /** Pass back as `input.cache` next time. */
  cache: EngineCache
}
