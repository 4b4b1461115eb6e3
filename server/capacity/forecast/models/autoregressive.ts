// An autoregression with a mean, AR(p) for p = 0..3 chosen by AICc, on the
// seasonally adjusted series with the weekly profile added back: the
// stationary corner of what auto.arima searches. On noisy series that
// wander around a level (ad prices, latencies) its forecast returns to the
// mean instead of holding the last, noisy level. Least squares on one
// common sample so the AICc values compare; a fit whose coefficients sum to
// 1 or more (a unit root or worse) is not stationary and is left out, and
// so is one whose mean lies outside the range of the data: on a ramp, a
// near-unit-root fit "returns" to a mean far beyond the last value, a trend
// in disguise that the trend policy would never see.
import { aicc, leastSquares } from '../numeric/least-squares.ts'
import { finiteOrNull, type CandidateModel } from './model-types.ts'
import { seasonalAt, seasonalProfile } from './seasonal-profile.ts'

const MAX_P = 3

/** True when `mean` is a level the series has actually been at. */
export function plausibleMean(mean: number, y: readonly number[]): boolean {
  let lo = Infinity
  let hi = -Infinity
  for (const v of y) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return mean >= lo && mean <= hi
}

interface ArFit {
  coef: number[]
  aicc: number
}

function fitAr(y: readonly number[], p: number): ArFit | null {
  const rows: number[][] = []
  const target: number[] = []
  for (let t = MAX_P; t < y.length; t++) {
    rows.push([1, ...Array.from({ length: p }, (_, j) => y[t - 1 - j] as number)])
    target.push(y[t] as number)
  }
  const k = p + 1
  if (rows.length - k - 2 <= 0) return null
  const fit = leastSquares(rows, target)
  if (!fit) return null
  const persistence = fit.coef.slice(1).reduce((s, c) => s + c, 0)
  if (persistence >= 1) return null
  if (!plausibleMean((fit.coef[0] as number) / (1 - persistence), y)) return null
  return { coef: fit.coef, aicc: aicc(fit.sse, rows.length, k + 1) }
}

/** AR(p ≤ 3) with a mean, by AICc; its path from the end of `y`. Null when no order fits. */
export function autoregression(y: readonly number[], horizon: number): number[] | null {
  let best: ArFit | null = null
  for (let p = 0; p <= MAX_P; p++) {
    const f = fitAr(y, p)
    if (f && (!best || f.aicc < best.aicc)) best = f
  }
  if (!best) return null
  const history = [...y]
  const out: number[] = []
  for (let h = 0; h < horizon; h++) {
    const n = history.length
    const next = best.coef.reduce((s, c, i) => s + c * (i === 0 ? 1 : (history[n - i] as number)), 0)
    history.push(next)
    out.push(next)
  }
  return out
}

export const autoregressiveModel: CandidateModel = {
  name: 'autoregressive',
  fit: ({ values, horizon, period }) => {
    if (values.length < 14) return null
    const profile = period ? seasonalProfile(values, period) : []
    const path = autoregression(
      values.map((v, i) => v - seasonalAt(profile, i)),
      horizon,
    )
    return path ? finiteOrNull(path.map((v, h) => v + seasonalAt(profile, values.length + h))) : null
  },
}
