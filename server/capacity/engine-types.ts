// Input and output of computeEngine(), the one call the server makes per
// refresh. Everything here is plain data (JSON-safe) except the cache, which
// the caller hands back unchanged on the next call for incremental updates.
import type { EngineSettings } from '../config/engine-schema.ts'
import type { Estate, LimitConfig, MetricConfig } from '../config/schema.ts'
import type { BacktestResult } from './backtest.ts'
import type { ChainCapacity } from './chain-capacity.ts'
import type { LimitReview } from './feedback.ts'
import type { DailyPeakForecast, ForecastModel } from './forecast.ts'
import type { Bucket, ForecastBackend, Maybe } from './forecast-types.ts'
import type { PriorityRow } from './priority.ts'
import type { Breach } from './time-to-breakpoint.ts'
import type { CapacitySnapshot, Rag } from './types.ts'

/** `'holdout'` re-fits each changed model on all but the last days to score it; `'skip'` leaves that for /api/forecast. */
export type BacktestMode = 'holdout' | 'skip'

/** Names and rules of the slack RAG, shown in the UI legend. */
export interface SlackRagLegend {
  red: string
  amber: string
  green: string
  unknown: string
}

export interface EngineInput {
  estate: Estate
  settings: EngineSettings
  /** Hourly buckets (up to 90 days) keyed 'app/metric'. */
  history: ReadonlyMap<string, readonly Bucket[]>
  /** Driver history keyed 'drivers/<id>'. */
  drivers?: ReadonlyMap<string, readonly Bucket[]>
  /** The live snapshot (breakpoints, 24 h peaks, utilisation RAG). */
  snapshot: CapacitySnapshot
  now: Date
  backend: ForecastBackend
  /** The `cache` of the previous result; omit for a cold computation. */
  cache?: EngineCache
  /** Series versions keyed like `history`/`drivers`; an unchanged version skips even the daily-peak pass. */
  versions?: ReadonlyMap<string, number>
  /** Default 'holdout'. */
  backtest?: BacktestMode
  /**
   * Most model fits (forecast or back-test, a few ms each) this call may
   * make; default unlimited. Beyond it, changed series get a provisional
   * Theil–Sen forecast and are fitted on later calls, most utilised first,
   * so a cold start answers quickly and converges over a few refreshes.
   */
  fitBudget?: number
  /** Override the legend names (e.g. "Order now"); the rules stay the engine's. */
  legend?: Partial<SlackRagLegend>
}

/** What a dashboard row needs of a forecast; the full band stays in the cache (see engineForecast()). */
export interface ForecastSummary {
  model: ForecastModel
  periods: number[]
  explanation: string
  historyDays: number
  historyFrom: string
  historyTo: string
  imputedDays: number
  levelShiftDate: string | null
  /** Null with `backtestReason` when not run (quick snapshot, too short). */
  backtest: BacktestResult | null
  backtestReason: string | null
  /** Last day of the history the back-test scored; up to a week older than the forecast (see BACKTEST_REUSE_DAYS). */
  backtestAsOf: string | null
  horizonDays: number
  /** True while the model fit is deferred (see EngineInput.fitBudget): a Theil–Sen stand-in. */
  provisional: boolean
}

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

export interface RagLegendEntry {
  rag: Rag
  name: string
  rule: string
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
  upgrades: PriorityRow[]
  chains: ChainEngineResult[]
  limits: LimitReview
  legend: RagLegendEntry[]
  stats: EngineStats
  /** Pass back as `input.cache` next time. */
  cache: EngineCache
}

/** One series' fitted state; keyed on what the forecast depends on, not on the clock. */
export interface CachedSeries {
  /** Series version and today's day index: both equal means even daily peaks are unchanged. */
  version: number | null
  day: number
  /** Fingerprint of the daily-peak values and options the forecast came from. */
  fingerprint: string
  forecast: Maybe<DailyPeakForecast>
  /** The values the model was fitted on (after gap filling and level shift), for a deferred back-test. */
  fitted: readonly number[]
  /** Highest daily peak in the history, for contradicted-limit checks. */
  maxPeak: number | null
  backtest: Maybe<BacktestResult> | null
  backtestAsOf: string | null
  /** Theil–Sen stand-in awaiting a real model fit. */
  provisional: boolean
}

export interface EngineCache {
  readonly series: ReadonlyMap<string, CachedSeries>
}
