// The forecasters HP2 scores: Headroom's own choice (forecastDailyValues with
// the default options, as the server runs it), the two baselines every
// forecast must beat (seasonal naive, and the least-squares line Prometheus'
// predict_linear draws), and each portfolio candidate on its own.
import { naiveScale, seasonalNaive } from '../../server/capacity/forecast/backtest.ts'
import { defaultForecastOptions, forecastDailyValues } from '../../server/capacity/forecast/forecast.ts'
import type { ForecastBackend } from '../../server/capacity/forecast/types.ts'

export interface EvalBand {
  p50: number[]
  p90: number[]
  /** The model the method used, when it chooses one. */
  model?: string
  /** Day-to-day noise (90 % quantile) when the method dates breaches by first crossing, as the engine does. */
  noise90?: number
}

export interface Method {
  name: string
  forecast(train: readonly number[], lastDate: string, horizon: number): EvalBand | null
}

/** z of the 90th percentile of a normal distribution. */
const Z90 = 1.2816

/** Lag-7 naive with the fpp3 interval: σ·√(k+1), k = whole seasons ahead. */
export const seasonalNaiveMethod: Method = {
  name: 'seasonal-naive',
  forecast(train, _lastDate, horizon) {
    if (train.length <= 7) return null
    const p50 = seasonalNaive(train, 7, horizon)
    let ss = 0
    for (let i = 7; i < train.length; i++) ss += ((train[i] as number) - (train[i - 7] as number)) ** 2
    const sigma = Math.sqrt(ss / (train.length - 7))
    return { p50, p90: p50.map((v, h) => v + Z90 * sigma * Math.sqrt(Math.floor(h / 7) + 1)) }
  },
}

/** Ordinary least-squares line over the whole training window, with its prediction interval. */
export const leastSquaresMethod: Method = {
  name: 'least-squares',
  forecast(train, _lastDate, horizon) {
    const n = train.length
    if (n < 3) return null
    const xMean = (n - 1) / 2
    const yMean = train.reduce((s, v) => s + v, 0) / n
    let sxy = 0
    let sxx = 0
    for (let i = 0; i < n; i++) {
      sxy += (i - xMean) * ((train[i] as number) - yMean)
      sxx += (i - xMean) ** 2
    }
    const slope = sxy / sxx
    const intercept = yMean - slope * xMean
    let sse = 0
    for (let i = 0; i < n; i++) sse += ((train[i] as number) - (intercept + slope * i)) ** 2
    const s = Math.sqrt(sse / (n - 2))
    const p50 = Array.from({ length: horizon }, (_, h) => intercept + slope * (n + h))
    const p90 = p50.map((v, h) => v + Z90 * s * Math.sqrt(1 + 1 / n + (n + h - xMean) ** 2 / sxx))
    return { p50, p90 }
  },
}

/** Headroom as the server runs it: forecastDailyValues() with the default options. */
export function headroomMethod(backend: ForecastBackend): Method {
  return {
    name: 'headroom',
    forecast(train, lastDate, horizon) {
      const f = forecastDailyValues(train, lastDate, backend, defaultForecastOptions)
      if (!f.ok) return null
      const { p50, p90 } = f.value.band
      return { p50: p50.slice(0, horizon), p90: p90.slice(0, horizon), model: f.value.model, noise90: f.value.noise90 }
    },
  }
}

export interface Score {
  mase: number | null
  cover90: number
  model: string
  ms: number
  /** Lowest P50 or P90 forecast over the horizon (for the no-negative check). */
  min: number
}

/** HP2 for one method on one series: the last `test` days held out. */
export function scoreHp2(method: Method, values: readonly number[], lastTrainDate: string, test = 14): Score | null {
  const train = values.slice(0, values.length - test)
  const actual = values.slice(values.length - test)
  const t0 = performance.now()
  const band = method.forecast(train, lastTrainDate, test)
  const ms = performance.now() - t0
  if (!band || band.p50.length < test) return null
  const scale = naiveScale(train, 7)
  let err = 0
  let hit = 0
  for (let h = 0; h < test; h++) {
    err += Math.abs((actual[h] as number) - (band.p50[h] as number))
    if ((actual[h] as number) <= (band.p90[h] as number)) hit++
  }
  return {
    mase: scale === null ? null : err / test / scale,
    cover90: hit / test,
    model: band.model ?? method.name,
    ms,
    min: Math.min(...band.p50, ...band.p90),
  }
}
