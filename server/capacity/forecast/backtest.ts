// Forecast accuracy as MASE: mean absolute error scaled by the in-sample
// error of the seasonal-naive forecast ("same as last week"). Below 1 means
// the model beats repeating last week; that is the bar a forecast must clear
// to be worth showing.

/** "Same as one season ago" for `horizon` steps after `train`. */
export function seasonalNaive(train: readonly number[], period: number, horizon: number): number[] {
  const m = Math.min(period, train.length)
  const lastSeason = train.slice(train.length - m)
  return Array.from({ length: horizon }, (_, h) => lastSeason[h % m] as number)
}

/** In-sample mean absolute seasonal difference: the MASE denominator. Null when undefined. */
export function naiveScale(train: readonly number[], period: number): number | null {
  if (train.length <= period) return null
  let sum = 0
  for (let i = period; i < train.length; i++) sum += Math.abs((train[i] as number) - (train[i - period] as number))
  const scale = sum / (train.length - period)
  return scale > 0 ? scale : null
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  const n = Math.min(actual.length, forecast.length)
  if (n === 0) return Number.NaN
  let sum = 0
  for (let i = 0; i < n; i++) sum += Math.abs((actual[i] as number) - (forecast[i] as number))
  return sum / n
}

/** MASE of `forecast` against `actual`, scaled on `train`; null when the scale is zero or undefined. */
export function mase(
  train: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  period: number,
): number | null {
  const scale = naiveScale(train, period)
  return scale === null ? null : meanAbsoluteError(actual, forecast) / scale
}

/** Fraction of actuals at or below their upper bound (a P90 should cover about 0.9). */
export function coverage(actual: readonly number[], upper: readonly number[]): number {
  const n = Math.min(actual.length, upper.length)
  if (n === 0) return Number.NaN
  let hit = 0
  for (let i = 0; i < n; i++) if ((actual[i] as number) <= (upper[i] as number)) hit++
  return hit / n
}

export interface BacktestResult {
  holdoutDays: number
  /** MASE of the model on the held-back days. */
  mase: number | null
  /** MASE of seasonal naive on the same days (the baseline to beat). */
  naiveMase: number | null
  /** Share of held-back days at or below the model's P90. */
  p90Coverage: number
  /** Forecast origins scored: 1 for a single holdout, more for a rolling-origin back-test. */
  origins: number
}

/**
 * Holds back the last `holdout` values, forecasts them with `fit` from the
 * rest, and scores model and seasonal naive on the same days.
 */
export function backtest(
  values: readonly number[],
  holdout: number,
  period: number,
  fit: (train: readonly number[], horizon: number) => { p50: number[]; p90: number[] } | null,
): BacktestResult | null {
  if (holdout < 1 || values.length - holdout <= period) return null
  const train = values.slice(0, values.length - holdout)
  const actual = values.slice(values.length - holdout)
  const fc = fit(train, holdout)
  if (!fc) return null
  return {
    holdoutDays: holdout,
    mase: mase(train, actual, fc.p50, period),
    naiveMase: mase(train, actual, seasonalNaive(train, period, holdout), period),
    p90Coverage: coverage(actual, fc.p90),
    origins: 1,
  }
}
