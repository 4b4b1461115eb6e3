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
}

export interface SeriesOutcome {
  entry: CachedSeries
  fitted: boolean
  backtested: boolean
}

function fit(job: SeriesJob, day: number): CachedSeries {
  const peaks = dailyPeaks(job.buckets ?? [], job.now, job.options.peak)
  const values = peaks.map((p) => p.value)
  const last = peaks[peaks.length - 1]
  let maxPeak: number | null = null
  for (const v of values) if (v !== null && (maxPeak === null || v > maxPeak)) maxPeak = v
  const fingerprint = `${last?.date ?? '-'}|${job.optionsKey}|${values.join(',')}`
  const prev = job.previous
  if (prev && prev.fingerprint === fingerprint) return { ...prev, version: job.version, day }
  if (!last) {
    const reason = `no samples before today; a forecast needs at least ${job.options.minHistoryDays} days`
    return { version: job.version, day, fingerprint, forecast: { ok: false, reason }, fitted: [], maxPeak, backtest: null }
  }
  const forecast = forecastDailyValues(values, last.date, job.backend, job.options)
  let fitted: number[] = []
  if (forecast.ok) {
    // The same window forecastDailyValues() fitted: recent history, gaps filled, after any level shift.
    const recent = values.slice(Math.max(0, values.length - job.options.maxHistoryDays))
    const filled = fillGaps(recent).filled
    fitted = filled.slice(filled.length - forecast.value.history.days)
  }
  return { version: job.version, day, fingerprint, forecast, fitted, maxPeak, backtest: null }
}

/** The cached entry when nothing it depends on changed, else a refit; runs the back-test when asked and missing. */
export function forecastSeries(job: SeriesJob): SeriesOutcome {
  const day = Math.floor((toMs(job.now) + (job.options.peak.utcOffsetMinutes ?? 0) * 60_000) / DAY_MS)
  const prev = job.previous
  const unchanged = prev !== undefined && job.version !== null && prev.version === job.version && prev.day === day
  let entry = unchanged ? prev : fit(job, day)
  const fitted = entry !== prev && entry.fingerprint !== prev?.fingerprint
  let backtested = false
  if (job.backtest === 'holdout' && entry.backtest === null && entry.forecast.ok && job.backtestDays > 0) {
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
): ForecastSummary {
  const backtestReason =
    backtest === null
      ? backtestDays === 0
        ? 'back-test disabled (backtestDays: 0)'
        : mode === 'skip'
          ? 'back-test not run in the quick snapshot; GET /api/forecast runs it'
          : 'back-test not run'
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
  }
}
