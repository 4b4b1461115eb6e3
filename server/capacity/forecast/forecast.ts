// Daily-peak forecast with P50/P90 bands. In order: refuse below the
// minimum history; fit only on data after the last level shift; the
// portfolio (selection/portfolio.ts) chooses a model by rolling-origin
// back-test and sets the P90 from that back-test's errors, or, with too
// little history for a back-test, averages every candidate, flat; Theil–Sen
// as a provisional stand-in, below a configured modelMinDays, or when no
// candidate fits. Never below the metric's lower bound (0 unless
// configured) nor above its upper one. Every result says which model, how much history,
// its back-test error and why.
import { backtest, type BacktestResult } from './backtest.ts'
import { lastLevelShift } from './changepoint.ts'
import { dailyPeaks, fillGaps, type DailyPeakOptions } from './daily-peak.ts'
import { bandAfter, shareBandDates, type ForecastBand } from './forecast-band.ts'
import { DAY_MS, isoDay, type Bucket, type ForecastBackend, type Maybe, type Point } from './types.ts'
import { mayHaveLevelShift } from './level-shift-screen.ts'
import { theilSen } from './numeric/robust-linear.ts'
import { detectWeeklySeasonality } from './seasonality.ts'
import { fitPortfolio, type SelectionCarry } from './selection/portfolio.ts'
import type { PlanOptions } from './selection/rolling-backtest.ts'
import { clampTo, type Bounds, type PortfolioModel } from './selection/variants.ts'
import { fitCandidateHoldout } from './selection/holdout-fit.ts'
import { localNoiseQuantile } from './selection/band.ts'

export type ForecastModel = PortfolioModel | 'theil-sen'
export const forecastModels: readonly ForecastModel[] = [
  'seasonal-naive',
  'ets-damped',
  'ets-damped-log',
  'theta',
  'autoregressive',
  'arima',
  'mstl-ets',
  'combination',
  'theil-sen',
]

export interface ForecastOptions {
  horizonDays: number
  /** Refuse to forecast from fewer days than this (after any level shift). */
  minHistoryDays: number
  /**
   * Below this many days, a robust straight line (Theil–Sen) instead of the
   * portfolio. At the default (the minimum history) never: the portfolio's
   * flat combination forecasts short histories better (bench/README.md).
   */
  modelMinDays: number
  /** Most recent days to use at most; older history costs time and rarely helps. */
  maxHistoryDays: number
  /** Days held back to score a Theil–Sen forecast (the portfolio runs its own rolling back-test); 0 skips it. */
  backtestDays: number
  /** Rolling-origin back-test that chooses the portfolio model and sets its P90. */
  rolling: PlanOptions
  /** Physical bounds of the metric: lower 0 unless it can go negative (null), upper e.g. 1 for a utilisation. */
  bounds: Bounds
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
  modelMinDays: 14,
  maxHistoryDays: 365,
  backtestDays: 14,
  // Weekly origins, up to twelve (nine fit in 90 days): the paired test that may replace the combination and the
  // conformal P90 both get steadier with more. An origin trains on at least three weeks, the least on which the
  // weekly-season test and every candidate work as in the final fit. 56 days is as far ahead as 90 days can check.
  rolling: { maxOrigins: 12, maxHorizon: 56, minTrain: 21 },
  bounds: { lower: 0, upper: null },
  detectLevelShifts: true,
  peak: { method: 'max' },
}

export type { ForecastDay } from './forecast-band.ts'

export interface DailyPeakForecast {
  model: ForecastModel
  /** True when a (damped) trend is extrapolated; false for a flat level + season. */
  trend: boolean
  /** Seasonal periods modelled, in days. */
  periods: number[]
  /** Why this model: seasonality evidence, fallbacks taken. */
  explanation: string
  history: { from: string; to: string; days: number; imputedDays: number }
  levelShift: { date: string; before: number; after: number } | null
  /** First day is the day after the last complete day of history. */
  band: ForecastBand
  /**
   * The 90 % quantile of one day's rise above its local level (the week
   * around it): breach dates use it for the chance of a first crossing.
   */
  noise90: number
  backtest: BacktestResult | null
  /** The portfolio's choice, its candidates' back-test scores and band offsets; null for Theil–Sen. */
  selection: SelectionCarry | null
}

/**
 * A list of numbers stored unboxed. A structured clone (a fit worker's reply) gives back arrays
 * whose every number is a heap object of its own: 16 bytes and a pointer each, and one more
 * object for the collector to trace. map() makes a fresh array of unboxed doubles.
 */
export function unboxed(values: readonly number[]): number[] {
  return values.map((v) => v)
}

/**
 * A forecast that arrived from a fit worker or a saved cache, made as compact as one made here:
 * its day names pointed at the process's one list for its days (shareBandDates), its columns
 * unboxed. 10 000 forecasts arrived as 100 MB of boxed numbers and fresh day lists.
 */
export function settleArrivedForecast(forecast: Maybe<DailyPeakForecast>): void {
  if (!forecast.ok) return
  const f = forecast.value
  const band = shareBandDates(f.band)
  f.band = { dates: band.dates, p50: unboxed(band.p50), p90: unboxed(band.p90) }
  if (f.selection) f.selection = { ...f.selection, offsets: unboxed(f.selection.offsets) }
}

interface Band {
  p50: number[]
  p90: number[]
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
  return model === 'theil-sen' ? fitTheilSen(values, horizon) : fitCandidateHoldout(model, values, horizon, backend)
}

/**
 * Holds back the last `backtestDays` (at most a quarter of the history) and
 * scores `model` refitted on the rest against seasonal naive. The portfolio
 * carries its own rolling back-test; this scores a Theil–Sen forecast.
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
  /** A selection made within the last week after the same level shift (or none): refit only its models (see series.ts). */
  carry?: { selection: SelectionCarry; levelShiftDate: string | null },
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
  const history = {
    from: dateAt(recent.length - values.length, recent.length),
    to: lastDate,
    days: values.length,
    imputedDays: imputed,
  }
  const result = (
    model: ForecastModel,
    trend: boolean,
    periods: number[],
    band: Band,
    bt: BacktestResult | null,
    selection: SelectionCarry | null,
  ): Maybe<DailyPeakForecast> => ({
    ok: true,
    value: {
      model,
      trend,
      periods,
      explanation: notes.join('; '),
      history,
      levelShift,
      band: bandAfter(lastMs, band.p50, band.p90),
      noise90: localNoiseQuantile(values),
      backtest: bt,
      selection,
    },
  })
  if (options.linearOnly === undefined && values.length >= options.modelMinDays) {
    const season = detectWeeklySeasonality(values, backend)
    notes.push(season.evidence)
    const period = season.periods.length > 0 ? 7 : null
    const fit = fitPortfolio(
      values,
      period,
      backend,
      { horizon: options.horizonDays, bounds: options.bounds, plan: options.rolling },
      carry && carry.levelShiftDate === (levelShift?.date ?? null) ? carry.selection : undefined,
    )
    if (fit) {
      notes.push(...fit.notes)
      let bt = fit.selection?.backtest ?? null
      if (!fit.selection && options.backtestDays > 0) {
        const scored = backtestModel(values, fit.variant.model, options.backtestDays, backend)
        bt = scored.ok ? scored.value : null
      }
      return result(fit.variant.model, fit.variant.trend, period ? [period] : [], fit, bt, fit.selection)
    }
    notes.push('no portfolio candidate could be fitted; robust linear trend (Theil–Sen)')
  } else if (options.linearOnly !== undefined) {
    notes.push(options.linearOnly)
  } else {
    notes.push(`${values.length} days is below modelMinDays ${options.modelMinDays}: robust linear trend (Theil–Sen)`)
  }
  const band = fitTheilSen(values, options.horizonDays)
  if (!band) return { ok: false, reason: 'no model could be fitted to the history' }
  let bt: BacktestResult | null = null
  if (options.backtestDays > 0) {
    const scored = backtestModel(values, 'theil-sen', options.backtestDays, backend)
    bt = scored.ok ? scored.value : null
  }
  const p50 = clampTo(band.p50, options.bounds)
  return result(
    'theil-sen',
    band.p50[band.p50.length - 1] !== band.p50[0],
    [],
    { p50, p90: clampTo(band.p90, options.bounds).map((v, h) => Math.max(v, p50[h] as number)) },
    bt,
    null,
  )
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
