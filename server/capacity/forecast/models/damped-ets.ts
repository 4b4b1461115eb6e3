// Additive damped-trend exponential smoothing with an additive season
// (Holt–Winters, ETS(A,Ad,A) in Hyndman's taxonomy; ETS(A,Ad,N) without a
// season), fitted by least squares of the one-step errors. The damping φ is
// held in [0.8, 0.98] as in forecast::ets, so a trend flattens out over a
// long horizon instead of running away. The log variant fits the same model
// to log(y): a multiplicative season and error, a median forecast back on
// the original scale, and never a value at or below zero.
import { finiteOrNull, type CandidateModel, type ModelInput } from './model-types.ts'
import { nelderMead, squash } from './nelder-mead.ts'
import { seasonalProfile } from './seasonal-profile.ts'

interface Params {
  alpha: number
  beta: number
  gamma: number
  phi: number
}

function paramsOf(x: readonly number[], seasonal: boolean): Params {
  const alpha = squash(x[0] as number, 0.0001, 0.9999)
  return {
    alpha,
    beta: squash(x[1] as number, 0.0001, alpha),
    gamma: seasonal ? squash(x[2] as number, 0.0001, 1 - alpha) : 0,
    phi: squash(x[3] ?? (x[2] as number), 0.8, 0.98),
  }
}

interface State {
  level: number
  trend: number
  season: number[]
  sse: number
}

/** Runs the recursions over `y`; `season` has length `period` (all zeros for none). */
function run(y: readonly number[], p: Params, period: number, init: Omit<State, 'sse'>): State {
  let { level, trend } = init
  const season = [...init.season]
  let sse = 0
  for (let t = 0; t < y.length; t++) {
    const k = t % period
    const s = season[k] as number
    const e = (y[t] as number) - (level + p.phi * trend + s)
    sse += e * e
    const prevLevel = level
    level = prevLevel + p.phi * trend + p.alpha * e
    trend = p.phi * trend + p.beta * e
    season[k] = s + p.gamma * e
  }
  return { level, trend, season, sse }
}

function initialState(y: readonly number[], period: number): Omit<State, 'sse'> {
  const m = Math.max(period, 7)
  const mean = (from: number): number => y.slice(from, from + m).reduce((s, v) => s + v, 0) / Math.min(m, y.length - from)
  const trend = y.length >= 2 * m ? (mean(m) - mean(0)) / m : 0
  const season = period > 1 ? seasonalProfile(y.slice(0, Math.min(y.length, 4 * period)), period) : [0]
  // Level at t = -1, so the first one-step forecast is level + trend.
  return { level: mean(0) - trend * ((m + 1) / 2), trend, season }
}

/** ETS(A,Ad,A) / ETS(A,Ad,N) point forecasts for `horizon` steps. */
export function dampedEts(y: readonly number[], horizon: number, period: number | null): number[] | null {
  const m = period ?? 1
  if (y.length < Math.max(10, 2 * m)) return null
  const seasonal = m > 1
  const init = initialState(y, m)
  const start = seasonal ? [-1.5, -2, -2, 1] : [-1.5, -2, 1]
  const best = nelderMead((x) => run(y, paramsOf(x, seasonal), m, init).sse, start, { maxEvaluations: 300 })
  const p = paramsOf(best, seasonal)
  const end = run(y, p, m, init)
  const out: number[] = []
  let damp = 0
  for (let h = 1; h <= horizon; h++) {
    damp += p.phi ** h
    out.push(end.level + damp * end.trend + (end.season[(y.length + h - 1) % m] as number))
  }
  return finiteOrNull(out)
}

export const dampedEtsModel: CandidateModel = {
  name: 'ets-damped',
  fit: ({ values, horizon, period }: ModelInput) => dampedEts(values, horizon, period),
}

export const dampedEtsLogModel: CandidateModel = {
  name: 'ets-damped-log',
  fit: ({ values, horizon, period }: ModelInput) => {
    if (!values.every((v) => v > 0)) return null
    const path = dampedEts(
      values.map((v) => Math.log(v)),
      horizon,
      period,
    )
    return path ? finiteOrNull(path.map((v) => Math.exp(v))) : null
  },
}
