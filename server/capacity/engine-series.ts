// One series through the forecasting path, reusing the previous pass where
// the answer cannot have changed. A forecast depends on the completed days'
// peaks only (today is left out), so a new hourly bucket inside today
// changes the series version but not the forecast: we re-reduce to daily
// peaks (cheap) and refit only when those values, or the options, differ.
import type { EngineSettings } from '../config/engine-schema.ts'
import type { BacktestResult } from './backtest.ts'
import { dailyPeaks, fillGaps } from './daily-peak.ts'
import type { BacktestMode, CachedSeries, ForecastSummary } from './engine-types.ts'
import { backtestModel, forecastDailyValues, type DailyPeakForecast, type ForecastOptions } from './forecast.ts'
import { DAY_MS, toMs, type Bucket, type ForecastBackend, type Maybe } from './forecast-types.ts'

export function forecastOptionsOf(settings: EngineSettings): ForecastOptions {
  return {
    horizonDays: settings.forecast.horizonDays,
    minHistoryDays: settings.forecast.minHistoryDays,
    modelMinDays: settings.forecast.modelMinDays,
    maxHistoryDays: 365,
    // The engine runs the back-test itself so it can be cached or deferred.
    backtestDays: 0,
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

const PROVISIONAL = 'provisional: model fit deferred to a later pass (fit budget spent), robust linear trend (Theil–Sen) meanwhile'

function peaksOf(job: SeriesJob): { values: (number | null)[]; lastDate: string | null; maxPeak: number | null; fingerprint: string } {
  const peaks = dailyPeaks(job.buckets ?? [], job.now, job.options.peak)
  const values = peaks.map((p) => p.value)
  let maxPeak: number | null = null
  for (const v of values) if (v !== null && (maxPeak === null || v > maxPeak)) maxPeak = v
  const lastDate = peaks[peaks.length - 1]?.date ?? null
  return { values, lastDate, maxPeak, fingerprint: `${lastDate ?? '-'}|${job.optionsKey}|${values.join(',')}` }
}

function fit(job: SeriesJob, day: number, p: ReturnType<typeof peaksOf>, provisional: boolean): CachedSeries {
  const base = { version: job.version, day, fingerprint: p.fingerprint, maxPeak: p.maxPeak, backtest: null, provisional }
  if (p.lastDate === null) {
    const reason = `no samples before today; a forecast needs at least ${job.options.minHistoryDays} days`
    return { ...base, provisional: false, forecast: { ok: false, reason }, fitted: [] }
  }
  const options = provisional ? { ...job.options, linearOnly: PROVISIONAL } : job.options
  const forecast = forecastDailyValues(p.values, p.lastDate, job.backend, options)
  let fitted: number[] = []
  if (forecast.ok) {
    // The same window forecastDailyValues() fitted: recent history, gaps filled, after any level shift.
    const recent = p.values.slice(Math.max(0, p.values.length - job.options.maxHistoryDays))
    const filled = fillGaps(recent).filled
    fitted = filled.slice(filled.length - forecast.value.history.days)
  }
  // A refusal (too little history) would be the same with the real model, so it is final.
  return { ...base, provisional: provisional && forecast.ok, forecast, fitted }
}

/**
 * The cached entry when nothing it depends on changed, else a refit. A refit
 * beyond the pass's budget is provisional (Theil–Sen) and is redone with the
 * real model on a later pass; the back-test runs when asked, budget allowing.
 */
export function forecastSeries(job: SeriesJob): SeriesOutcome {
  const day = Math.floor((toMs(job.now) + (job.options.peak.utcOffsetMinutes ?? 0) * 60_000) / DAY_MS)
  const prev = job.previous
  let entry: CachedSeries
  let fitted = false
  if (prev !== undefined && !prev.provisional && job.version !== null && prev.version === job.version && prev.day === day) {
    entry = prev
  } else {
    const p = peaksOf(job)
    const same = prev !== undefined && prev.fingerprint === p.fingerprint
    if (same && !prev.provisional) entry = { ...prev, version: job.version, day }
    else if (job.budget.fits > 0) {
      job.budget.fits--
      entry = fit(job, day, p, false)
      fitted = true
    } else if (same) entry = { ...prev, version: job.version, day }
    else entry = fit(job, day, p, true)
  }
  let backtested = false
  if (job.backtest === 'holdout' && entry.backtest === null && entry.forecast.ok && !entry.provisional && job.backtestDays > 0 && job.budget.fits > 0) {
    job.budget.fits--
    entry = { ...entry, backtest: backtestModel(entry.fitted, entry.forecast.value.model, job.backtestDays, job.backend) }
    backtested = true
  }
  return { entry, fitted, backtested }
}

/** The summary a dashboard row shows; the full band stays in the cache. */
export function summarise(
  forecast: DailyPeakForecast,
  backtest: Maybe<BacktestResult> | null,
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
    periods: forecast.periods,
    explanation: forecast.explanation,
    historyDays: forecast.history.days,
    historyFrom: forecast.history.from,
    historyTo: forecast.history.to,
    imputedDays: forecast.history.imputedDays,
    levelShiftDate: forecast.levelShift?.date ?? null,
    backtest: backtest?.ok ? backtest.value : null,
    backtestReason,
    horizonDays: forecast.days.length,
    provisional,
  }
}
