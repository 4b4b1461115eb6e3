// An autoregression with a mean, AR(p) for p = 0..3 chosen by AICc, on the
// seasonally adjusted series with the weekly profile added back: the
// stationary corner of what auto.arima searches. On noisy series that
// wander around a level (ad prices, latencies) its forecast returns to the
// mean instead of holding the last, noisy level. Least squares on one
// common sample so the AICc values compare; a fit whose coefficients sum to
// 1 or more (a unit root or worse) is not stationary and is left out.
import { finiteOrNull, type CandidateModel } from './model-types.ts'
import { seasonalAt, seasonalProfile } from './seasonal-profile.ts'

const MAX_P = 3

/** Solves the normal equations A·x = b (small, symmetric positive) by Gaussian elimination; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] as number])
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r
    if (Math.abs(m[pivot]![c]!) < 1e-12) return null
    ;[m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number))
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
  const m = rows.length
  if (m - k - 2 <= 0) return null
  const ata = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)),
  )
  const atb = Array.from({ length: k }, (_, i) => rows.reduce((s, r, t) => s + r[i]! * target[t]!, 0))
  const coef = solve(ata, atb)
  if (!coef) return null
  if (coef.slice(1).reduce((s, c) => s + c, 0) >= 1) return null
  const sse = rows.reduce((s, r, t) => s + (target[t]! - r.reduce((a, x, i) => a + x * coef[i]!, 0)) ** 2, 0)
  const sigma2 = Math.max(sse / m, 1e-300)
  const params = k + 1
  return { coef, aicc: m * Math.log(sigma2) + 2 * params + (2 * params * (params + 1)) / (m - params - 1) }
}

export const autoregressiveModel: CandidateModel = {
  name: 'autoregressive',
  fit: ({ values, horizon, period }) => {
    if (values.length < 14) return null
    const profile = period ? seasonalProfile(values, period) : []
    const y = values.map((v, i) => v - seasonalAt(profile, i))
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
      out.push(next + seasonalAt(profile, values.length + h))
    }
    return finiteOrNull(out)
  },
}
