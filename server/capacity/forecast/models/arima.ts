// ARIMA(p,d,q), p, q ≤ 2, on the seasonally adjusted series with the weekly
// profile added back (as forecast::stlf does with auto.arima): the corner
// of auto.arima that the other candidates miss. d is chosen as
// forecast::ndiffs does, by a KPSS level-stationarity test at 5 %, so a
// series whose level moves and stays is differenced and forecast from
// where it is, while a stationary one keeps its mean and returns to it.
// The orders are chosen by AICc among Hannan–Rissanen fits (a long
// autoregression estimates the innovations, then one least-squares
// regression per order on a common sample): closed form, so the nine
// orders cost less than one iterative fit, which a rolling back-test of
// 1 000 series needs. No drift: a trend is the trend policy's business
// (variants.ts), so this candidate's path levels off by itself.
import { aicc, leastSquares } from '../numeric/least-squares.ts'
import { plausibleMean } from './autoregressive.ts'
import { finiteOrNull, type CandidateModel } from './model-types.ts'
import { seasonalAt, seasonalProfile } from './seasonal-profile.ts'

const MAX_ORDER = 2
/** KPSS 5 % critical value for level stationarity (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRITICAL = 0.463
const LONG_AR_MAX = 8

/** KPSS statistic for level stationarity, with the Newey–West long-run variance at urca's "short" lag. */
export function kpssLevel(y: readonly number[]): number {
  const n = y.length
  const mean = y.reduce((s, v) => s + v, 0) / n
  const e = y.map((v) => v - mean)
  const lags = Math.trunc(4 * (n / 100) ** 0.25)
  let variance = e.reduce((s, v) => s + v * v, 0) / n
  for (let k = 1; k <= lags; k++) {
    let c = 0
    for (let t = k; t < n; t++) c += (e[t] as number) * (e[t - k] as number)
    variance += (2 * (1 - k / (lags + 1)) * c) / n
  }
  let partial = 0
  let sum = 0
  for (const v of e) {
    partial += v
    sum += partial * partial
  }
  return variance > 0 ? sum / (n * n * variance) : 0
}

/** True when 1 − c1·B − c2·B² has its roots outside the unit circle (order ≤ 2). */
function stable(c: readonly number[]): boolean {
  const [c1 = 0, c2 = 0] = c
  return Math.abs(c2) < 1 && c1 + c2 < 1 && c2 - c1 < 1
}

interface ArmaFit {
  intercept: number
  ar: number[]
  ma: number[]
  aicc: number
}

/** Innovations estimated by a long autoregression (Hannan–Rissanen's first stage); 0 where unknown. */
function innovations(z: readonly number[], order: number): number[] {
  const rows: number[][] = []
  const target: number[] = []
  for (let t = order; t < z.length; t++) {
    rows.push([1, ...Array.from({ length: order }, (_, j) => z[t - 1 - j] as number)])
    target.push(z[t] as number)
  }
  const fit = leastSquares(rows, target)
  const e = new Array<number>(z.length).fill(0)
  if (!fit) return e
  rows.forEach((r, i) => (e[i + order] = (target[i] as number) - r.reduce((s, x, j) => s + x * (fit.coef[j] as number), 0)))
  return e
}

function fitArma(
  z: readonly number[],
  e: readonly number[],
  start: number,
  p: number,
  q: number,
  withMean: boolean,
): ArmaFit | null {
  const rows: number[][] = []
  const target: number[] = []
  for (let t = start; t < z.length; t++) {
    const row = withMean ? [1] : []
    for (let i = 1; i <= p; i++) row.push(z[t - i] as number)
    for (let j = 1; j <= q; j++) row.push(e[t - j] as number)
    rows.push(row)
    target.push(z[t] as number)
  }
  const k = p + q + (withMean ? 1 : 0)
  if (k === 0) {
    const sse = target.reduce((s, v) => s + v * v, 0)
    return { intercept: 0, ar: [], ma: [], aicc: aicc(sse, target.length, 1) }
  }
  if (rows.length - k - 2 <= 0) return null
  const fit = leastSquares(rows, target)
  if (!fit) return null
  const off = withMean ? 1 : 0
  const ar = fit.coef.slice(off, off + p)
  const ma = fit.coef.slice(off + p)
  // An explosive AR part runs away; a non-invertible MA part has no usable innovations.
  if (!stable(ar) || !stable(ma.map((c) => -c))) return null
  // As for the autoregressive candidate: a mean outside the data is a trend in disguise.
  if (withMean && !plausibleMean((fit.coef[0] as number) / (1 - ar.reduce((s, c) => s + c, 0)), z)) return null
  return { intercept: withMean ? (fit.coef[0] as number) : 0, ar, ma, aicc: aicc(fit.sse, rows.length, k + 1) }
}

function forecastArma(z: readonly number[], f: ArmaFit, horizon: number): number[] {
  const w = [...z]
  // Innovations by the model's own recursion, so the MA part starts from its own errors.
  const e = new Array<number>(z.length).fill(0)
  const step = (t: number): number => {
    let v = f.intercept
    f.ar.forEach((c, i) => (v += c * (w[t - 1 - i] ?? 0)))
    f.ma.forEach((c, j) => (v += c * (e[t - 1 - j] ?? 0)))
    return v
  }
  for (let t = MAX_ORDER; t < z.length; t++) e[t] = (z[t] as number) - step(t)
  const out: number[] = []
  for (let h = 0; h < horizon; h++) {
    const next = step(w.length)
    w.push(next)
    e.push(0)
    out.push(next)
  }
  return out
}

/** d by the KPSS test: 1 when the level is not stationary. */
const differencing = (y: readonly number[]): 0 | 1 => (kpssLevel(y) > KPSS_CRITICAL ? 1 : 0)

/** Forecast of a non-seasonal series: d by KPSS, then the ARMA(p,q) of lowest AICc. */
export function autoArima(y: readonly number[], horizon: number): number[] | null {
  const d = differencing(y)
  const z = d === 1 ? y.slice(1).map((v, i) => v - (y[i] as number)) : [...y]
  const longOrder = Math.min(LONG_AR_MAX, Math.max(MAX_ORDER, Math.floor(z.length / 8)))
  const e = innovations(z, longOrder)
  let best: ArmaFit | null = null
  for (let p = 0; p <= MAX_ORDER; p++)
    for (let q = 0; q <= MAX_ORDER; q++) {
      const f = fitArma(z, e, longOrder + MAX_ORDER, p, q, d === 0)
      if (f && (!best || f.aicc < best.aicc)) best = f
    }
  if (!best) return null
  const path = forecastArma(z, best, horizon)
  if (d === 0) return path
  let level = y[y.length - 1] as number
  return path.map((dz) => (level += dz))
}

function seasonallyAdjusted(values: readonly number[], period: number | null): { adjusted: number[]; profile: number[] } {
  const profile = period ? seasonalProfile(values, period) : []
  return { adjusted: values.map((v, i) => v - seasonalAt(profile, i)), profile }
}

export const arimaModel: CandidateModel = {
  name: 'arima',
  fit: ({ values, horizon, period }) => {
    if (values.length < 14) return null
    const { adjusted, profile } = seasonallyAdjusted(values, period)
    const path = autoArima(adjusted, horizon)
    return path ? finiteOrNull(path.map((v, h) => v + seasonalAt(profile, values.length + h))) : null
  },
  // Differenced (d = 1, no drift), ARIMA holds the level it ends at, as the smoothers do; undifferenced, it returns to its mean.
  family: ({ values, period }) =>
    values.length >= 14 && differencing(seasonallyAdjusted(values, period).adjusted) === 1 ? 'level' : 'mean-reverting',
}
