// One series through the forecasting path, reusing the previous pass where
// the answer cannot have changed. A forecast depends on the completed days'
// peaks only (today is left out), so a new hourly bucket inside today
// changes the series version but not the forecast: we re-reduce to daily
// peaks (cheap) and refit only when those values, or the options, differ.
import type { EngineSettings } from '../../config/engine-schema.ts'
import type { BacktestResult } from './backtest.ts'
import { fillGaps } from './daily-peak.ts'
import type { BacktestMode, CachedSeries, ForecastSummary } from './series-types.ts'
import type { SelectionCarry } from './selection/portfolio.ts'
import { peaksOf, seriesDay, type SeriesPeaks } from './series-peaks.ts'
import {
  backtestModel,
  defaultForecastOptions,
  forecastDailyValues,
  type DailyPeakForecast,
  type ForecastModel,
  type ForecastOptions,
} from './forecast.ts'
import { DAY_MS, type Bucket, type ForecastBackend, type Maybe } from './types.ts'

export function forecastOptionsOf(settings: EngineSettings): ForecastOptions {
  return {
    horizonDays: settings.forecast.horizonDays,
    minHistoryDays: settings.forecast.minHistoryDays,
    modelMinDays: settings.forecast.modelMinDays,
    maxHistoryDays: 365,
    // The engine runs the back-test itself so it can be cached or deferred.
    backtestDays: 0,
    rolling: defaultForecastOptions.rolling,
    bounds: defaultForecastOptions.bounds,
    detectLevelShifts: true,
    peak: settings.peak,
  }
}

export interface SeriesJob {
  buckets: readonly Bucket[] | undefined
  version: number | null
  now: Date
  options: ForecastOptions
  /** JSON of the options: part of the fingerprint, computed once per pass. */
  optionsKey: string
  backtestDays: number
  backtest: BacktestMode
  backend: ForecastBackend
  previous: CachedSeries | undefined
  /** Model fits (forecasts and back-tests) this pass may still spend; shared by the pass, decremented here. */
  budget: { fits: number }
}

export interface SeriesOutcome {
  entry: CachedSeries
  fitted: boolean
  backtested: boolean
}

const PROVISIONAL =
  'provisional: model fit deferred to a later pass (fit budget spent), robust linear trend (Theil–Sen) meanwhile'

/** The model fit of one series' daily peaks: the expensive part, safe to run in a worker. */
export function fitPeaks(
  p: Pick<SeriesPeaks, 'values' | 'lastDate'>,
  options: ForecastOptions,
  backend: ForecastBackend,
  provisional: boolean,
  carry: BacktestCarry | null = null,
): Pick<CachedSeries, 'forecast' | 'fitted' | 'provisional'> {
  if (p.lastDate === null) {
    const reason = `no samples before today; a forecast needs at least ${options.minHistoryDays} days`
    return { provisional: false, forecast: { ok: false, reason }, fitted: [] }
  }
  const forecast = forecastDailyValues(
    p.values,
    p.lastDate,
    backend,
    provisional ? { ...options, linearOnly: PROVISIONAL } : options,
    reusableSelection(carry, p.lastDate),
  )
  let fitted: number[] = []
  if (forecast.ok) {
    // The same window forecastDailyValues() fitted: recent history, gaps filled, after any level shift.
    const recent = p.values.slice(Math.max(0, p.values.length - options.maxHistoryDays))
    const filled = fillGaps(recent).filled
    fitted = filled.slice(filled.length - forecast.value.history.days)
  }
  // A refusal (too little history) would be the same with the real model, so it is final.
  return { provisional: provisional && forecast.ok, forecast, fitted }
}

/**
 * A model's accuracy barely moves when one more day arrives, so a back-test
 * of the same model up to this many days old is kept rather than re-run:
 * at midnight every series gains a completed day and must be refitted, and
 * this halves that work on six days out of seven.
 */
export const BACKTEST_REUSE_DAYS = 7

/** What of a previous entry's back-test may be carried to its refit (small: it travels to workers). */
export interface BacktestCarry {
  model: ForecastModel
  backtest: Maybe<BacktestResult>
  asOf: string
  /** The portfolio's choice and band, and the level shift it was made after. */
  selection: SelectionCarry | null
  levelShiftDate: string | null
}

export function carryOf(prev: CachedSeries | undefined): BacktestCarry | null {
  if (!prev?.backtest?.ok || prev.backtestAsOf === null || prev.provisional || !prev.forecast.ok) return null
  const f = prev.forecast.value
  return {
    model: f.model,
    backtest: prev.backtest,
    asOf: prev.backtestAsOf,
    selection: f.selection,
    levelShiftDate: f.levelShift?.date ?? null,
  }
}

/**
 * The portfolio's previous selection when it is under BACKTEST_REUSE_DAYS
 * old: a new day then costs one model fit instead of a rolling back-test of
 * the whole portfolio; the choice and its band are re-made weekly.
 */
function reusableSelection(
  carry: BacktestCarry | null,
  lastDate: string,
): { selection: SelectionCarry; levelShiftDate: string | null } | undefined {
  if (!carry?.selection) return undefined
  const age = (Date.parse(lastDate) - Date.parse(carry.asOf)) / DAY_MS
  return age >= 1 && age < BACKTEST_REUSE_DAYS ? { selection: carry.selection, levelShiftDate: carry.levelShiftDate } : undefined
}

/** The carried back-test when it scored the same model on history at most BACKTEST_REUSE_DAYS older. */
export function reusableBacktest(
  carry: BacktestCarry | null,
  forecast: CachedSeries['forecast'],
): Pick<CachedSeries, 'backtest' | 'backtestAsOf'> {
  const none = { backtest: null, backtestAsOf: null }
  if (carry === null || !forecast.ok || carry.model !== forecast.value.model) return none
  const age = (Date.parse(forecast.value.history.to) - Date.parse(carry.asOf)) / DAY_MS
  // Same last day means history was revised, not extended: score it again.
  return age >= 1 && age < BACKTEST_REUSE_DAYS ? { backtest: carry.backtest, backtestAsOf: carry.asOf } : none
}

/**
 * The back-test to store with a fit: the portfolio's own rolling back-test
 * (dated when its selection was made, which a reused selection keeps), else
 * a carried holdout back-test of the same model.
 */
export function backtestOf(
  f: Pick<CachedSeries, 'forecast' | 'provisional'>,
  carry: BacktestCarry | null,
): Pick<CachedSeries, 'backtest' | 'backtestAsOf'> {
  if (f.provisional) return { backtest: null, backtestAsOf: null }
  const forecast = f.forecast.ok ? f.forecast.value : null
  if (forecast?.selection) {
    const reused = carry?.selection === forecast.selection
    return {
      backtest: { ok: true, value: forecast.selection.backtest },
      backtestAsOf: reused && carry ? carry.asOf : forecast.history.to,
    }
  }
  return reusableBacktest(carry, f.forecast)
}

function fit(job: SeriesJob, day: number, p: SeriesPeaks, provisional: boolean): CachedSeries {
  const carry = carryOf(job.previous)
  const f = fitPeaks(p, job.options, job.backend, provisional, carry)
  const carried = backtestOf(f, carry)
  return { version: job.version, day, fingerprint: p.fingerprint, maxPeak: p.maxPeak, ...carried, ...f }
}

/**
 * The cached entry when nothing it depends on changed, else a refit. A refit
 * beyond the pass's budget is provisional (Theil–Sen) and is redone with the
 * real model on a later pass.
 */
export function forecastSeries(job: SeriesJob): SeriesOutcome {
  const day = seriesDay(job.now, job.options)
  const prev = job.previous
  let entry: CachedSeries
  let fitted = false
  if (prev !== undefined && !prev.provisional && job.version !== null && prev.version === job.version && prev.day === day) {
    entry = prev
  } else {
    const p = peaksOf(job.buckets, job.now, job.options, job.optionsKey)
    const same = prev !== undefined && prev.fingerprint === p.fingerprint
    if (same && !prev.provisional) entry = { ...prev, version: job.version, day }
    else if (job.budget.fits > 0) {
      job.budget.fits--
      entry = fit(job, day, p, false)
      fitted = true
    } else if (same) entry = { ...prev, version: job.version, day }
    else entry = fit(job, day, p, true)
  }
  return { entry, fitted, backtested: false }
}

/**
 * Runs the missing holdout back-test of a final (non-provisional) forecast
 * when asked and budget allows. Called after every series' forecast, so a
 * budget goes to real forecasts before it goes to scoring them.
 */
export function backtestSeries(
  entry: CachedSeries,
  job: Pick<SeriesJob, 'backtest' | 'backtestDays' | 'backend' | 'budget'>,
): SeriesOutcome {
  if (
    job.backtest !== 'holdout' ||
    entry.backtest !== null ||
    !entry.forecast.ok ||
    entry.provisional ||
    job.backtestDays <= 0 ||
    job.budget.fits <= 0
  ) {
    return { entry, fitted: false, backtested: false }
  }
  job.budget.fits--
  const backtest = backtestModel(entry.fitted, entry.forecast.value.model, job.backtestDays, job.backend)
  return { entry: { ...entry, backtest, backtestAsOf: entry.forecast.value.history.to }, fitted: false, backtested: true }
}

/** The summary a dashboard row shows; the full band stays in the cache. */
export function summarise(
  forecast: DailyPeakForecast,
  backtest: Maybe<BacktestResult> | null,
  backtestAsOf: string | null,
  mode: BacktestMode,
  backtestDays: number,
  provisional: boolean,
): ForecastSummary {
  const backtestReason =
    backtest === null
      ? provisional
        ? 'provisional forecast: no back-test until the model is fitted'
        : backtestDays === 0
          ? 'back-test disabled (backtestDays: 0)'
          : mode === 'skip'
            ? 'back-test not run in the quick snapshot; GET /api/forecast runs it'
            : 'back-test deferred to a later pass (fit budget spent)'
      : backtest.ok
        ? null
        : backtest.reason
  return {
    model: forecast.model,
    trend: forecast.trend,
    candidates: forecast.selection?.candidates ?? [],
    periods: forecast.periods,
    explanation: forecast.explanation,
    historyDays: forecast.history.days,
    historyFrom: forecast.history.from,
    historyTo: forecast.history.to,
    imputedDays: forecast.history.imputedDays,
    levelShiftDate: forecast.levelShift?.date ?? null,
    backtest: backtest?.ok ? backtest.value : null,
    backtestReason,
    backtestAsOf,
    horizonDays: forecast.band.dates.length,
    provisional,
  }
}
