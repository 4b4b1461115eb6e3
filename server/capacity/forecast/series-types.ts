// The forecasting state the engine keeps per series between passes, and the
// summary a dashboard row shows of a forecast.
import type { BacktestResult } from './backtest.ts'
import type { DailyPeakForecast, ForecastModel } from './forecast.ts'
import type { Maybe } from './types.ts'
import type { CandidateScore } from './selection/portfolio.ts'

/** `'holdout'` re-fits each changed model on all but the last days to score it; `'skip'` leaves that for /api/forecast. */
export type BacktestMode = 'holdout' | 'skip'

/** What a dashboard row needs of a forecast; the full band stays in the cache (see engineForecast()). */
export interface ForecastSummary {
  model: ForecastModel
  /** True when a damped trend is extrapolated; false for a flat level + season. */
  trend: boolean
  /** Every portfolio candidate's rolling back-test MASE, best first (empty for Theil–Sen). */
  candidates: CandidateScore[]
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
