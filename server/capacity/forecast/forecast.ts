// Daily-peak forecast with P50/P90 bands. Model choice, in order:
// refuse below the minimum history; fit only on data after the last level
// shift; MSTL+ETS when a weekly pattern is found in enough history; plain
// AutoETS when not; Theil–Sen when history is short or a model fails.
// Every result says which model, how much history and its back-test error.
import { backtest, type BacktestResult } from './backtest.ts'
import { lastLevelShift } from './changepoint.ts'
import { dailyPeaks, fillGaps, type DailyPeakOptions } from './daily-peak.ts'
import { DAY_MS, isoDay, type Bucket, type ForecastBackend, type Maybe, type Point } from './types.ts'
import { mayHaveLevelShift } from './level-shift-screen.ts'
import { theilSen } from './robust-linear.ts'
import { detectWeeklySeasonality } from './seasonality.ts'

export type ForecastModel = 'mstl-ets' | 'ets' | 'theil-sen'

export interface ForecastOptions {
  horizonDays: number
  /** Refuse to forecast from fewer days than this (after any level shift). */
  minHistoryDays: number
  /** Fewest days for a seasonal/ETS model; below it Theil–Sen is used. */
  modelMinDays: number
  /** Most recent days to use at most; older history costs time and rarely helps. */
  maxHistoryDays: number
  /** Days held back to score the model; 0 skips the back-test. */
  backtestDays: number
  detectLevelShifts: boolean
  peak: DailyPeakOptions
  /**
   * When set, skip seasonality detection and the MSTL/ETS fit and use
   * Theil–Sen, stating this reason: a provisional forecast (microseconds,
   * not milliseconds) while the engine spreads model fits over passes.
   */
  linearOnly?: string
}

export const defaultForecastOptions: ForecastOptions = {
  horizonDays: 180,
  minHistoryDays: 14,
  modelMinDays: 28,
  maxHistoryDays: 365,
  backtestDays: 14,
  detectLevelShifts: true,
  peak: { method: 'max' },
}

export interface ForecastDay {
  date: string
  p50: number
  p90: number
}

export interface DailyPeakForecast {
  model: ForecastModel
  /** Seasonal periods modelled, in days. */
  periods: number[]
  /** Why this model: seasonality evidence, fallbacks taken. */
  explanation: string
  history: { from: string; to: string; days: number; imputedDays: number }
  levelShift: { date: string; before: number; after: number } | null
  /** First day is the day after the last complete day of history. */
  days: ForecastDay[]
  backtest: BacktestResult | null
}

interface Band {
  p50: number[]
  p90: number[]
}

/** P90 never below P50: a band that inverts is a model artefact, not information. */
function ordered(p50: number[], upper: number[] | undefined): Band {
  return { p50, p90: p50.map((v, i) => Math.max(v, upper?.[i] ?? v)) }
}

function fitTheilSen(values: readonly number[], horizon: number): Band | null {
  const fit = theilSen(values)
  if (!fit) return null
  const n = values.length
  const p50 = Array.from({ length: horizon }, (_, h) => fit.intercept + fit.slope * (n + h))
  // Residual spread widens with distance from the data, like a random walk would.
  const p90 = p50.map((v, h) => v + Math.max(0, fit.residualP90) * Math.sqrt(1 + (h + 1) / n))
  return { p50, p90 }
}

function fitModel(model: ForecastModel, values: readonly number[], horizon: number, backend: ForecastBackend): Band | null {
  if (model === 'theil-sen') return fitTheilSen(values, horizon)
  const f = model === 'mstl-ets' ? backend.mstl(values, [7], horizon, 0.8) : backend.ets(values, horizon, 0.8)
  if (!f.point.every(Number.isFinite)) return null
  return ordered(f.point, f.upper)
}

/**
 * Holds back the last `backtestDays` (at most a quarter of the history) and
 * scores `model` refitted on the rest against seasonal naive. Exported so
 * the engine can cache it apart from the forecast, or leave it for later.
 */
export function backtestModel(
  values: readonly number[],
  model: ForecastModel,
  backtestDays: number,
  backend: ForecastBackend,
): Maybe<BacktestResult> {
  const holdout = Math.min(backtestDays, Math.floor(values.length / 4))
  try {
    const bt = backtest(values, holdout, 7, (train, h) => fitModel(model, train, h, backend))
    return bt
      ? { ok: true, value: bt }
      : { ok: false, reason: `${values.length} days is too short to hold back ${holdout} days and still fit` }
  } catch {
    return { ok: false, reason: 'back-test could not refit the model on the shorter history' }
  }
}

/** Forecasts a regular daily series (oldest first); `lastDate` is the date of its last value. */
export function forecastDailyValues(
  raw: readonly (number | null)[],
  lastDate: string,
  backend: ForecastBackend,
  options: ForecastOptions = defaultForecastOptions,
): Maybe<DailyPeakForecast> {
  const recent = raw.slice(Math.max(0, raw.length - options.maxHistoryDays))
  const { filled, imputed } = fillGaps(recent)
  const observed = recent.filter((v) => v !== null).length
  const lastMs = Date.parse(`${lastDate}T00:00:00Z`)
  const dateAt = (i: number, len: number): string => isoDay(lastMs - (len - 1 - i) * DAY_MS)
  if (observed < options.minHistoryDays) {
    return { ok: false, reason: `only ${observed} days of history; a forecast needs at least ${options.minHistoryDays}` }
  }
  const notes: string[] = []
  let values = filled
  let levelShift: DailyPeakForecast['levelShift'] = null
  if (options.detectLevelShifts) {
    // The screen is exact in one direction (see level-shift-screen.ts) and
    // spares the detector on the many series that have no candidate at all.
    const shift = mayHaveLevelShift(filled) ? lastLevelShift(filled, backend) : null
    if (shift) {
      levelShift = { date: dateAt(shift.index, filled.length), before: shift.before, after: shift.after }
      values = filled.slice(shift.index)
      notes.push(
        `level shift on ${levelShift.date} (${shift.before.toPrecision(4)} → ${shift.after.toPrecision(4)}); fitted on ${values.length} days after it`,
      )
      if (values.length < options.minHistoryDays) {
        return {
          ok: false,
          reason: `level shift on ${levelShift.date} leaves only ${values.length} days at the new level; a forecast needs at least ${options.minHistoryDays}`,
        }
      }
    }
  }
  let model: ForecastModel = 'theil-sen'
  let periods: number[] = []
  if (options.linearOnly !== undefined) {
    notes.push(options.linearOnly)
  } else if (values.length >= options.modelMinDays) {
    const season = detectWeeklySeasonality(values, backend)
    notes.push(season.evidence)
    periods = season.periods
    model = periods.length > 0 ? 'mstl-ets' : 'ets'
  } else {
    notes.push(`${values.length} days is below ${options.modelMinDays}: robust linear trend (Theil–Sen)`)
  }
  let band: Band | null = null
  try {
    band = fitModel(model, values, options.horizonDays, backend)
  } catch (err) {
    notes.push(`${model} failed (${err instanceof Error ? err.message : String(err)}); fell back to Theil–Sen`)
  }
  if (!band && model !== 'theil-sen') {
    model = 'theil-sen'
    periods = []
    band = fitTheilSen(values, options.horizonDays)
  }
  if (!band) return { ok: false, reason: 'no model could be fitted to the history' }
  let bt: BacktestResult | null = null
  if (options.backtestDays > 0) {
    const scored = backtestModel(values, model, options.backtestDays, backend)
    bt = scored.ok ? scored.value : null
    if (!scored.ok && scored.reason.startsWith('back-test could not')) notes.push(scored.reason)
  }
  const p50 = band.p50
  const p90 = band.p90
  return {
    ok: true,
    value: {
      model,
      periods,
      explanation: notes.join('; '),
      history: {
        from: dateAt(recent.length - values.length, recent.length),
        to: lastDate,
        days: values.length,
        imputedDays: imputed,
      },
      levelShift,
      days: p50.map((v, h) => ({ date: isoDay(lastMs + (h + 1) * DAY_MS), p50: v, p90: p90[h] as number })),
      backtest: bt,
    },
  }
}

/** Daily peaks of a raw or bucketed series, then their forecast. */
export function forecastDailyPeak(
  series: readonly (Point | Bucket)[],
  now: Date | number,
  backend: ForecastBackend,
  options: ForecastOptions = defaultForecastOptions,
): Maybe<DailyPeakForecast> {
  const peaks = dailyPeaks(series, now, options.peak)
  const last = peaks[peaks.length - 1]
  if (!last)
    return { ok: false, reason: 'no samples before today; a forecast needs at least ' + `${options.minHistoryDays} days` }
  return forecastDailyValues(
    peaks.map((p) => p.value),
    last.date,
    backend,
    options,
  )
}
