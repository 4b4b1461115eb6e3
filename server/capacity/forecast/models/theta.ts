// The Theta method (Assimakopoulos & Nikolopoulos 2000) as Hyndman & Billah
// showed it to be, and as forecast::thetaf computes it: simple exponential
// smoothing plus a drift of half the least-squares slope, on the seasonally
// adjusted series, with the season added back. A strong, cheap benchmark
// (it won M3); its drift is straight, so the trend policy damps it.
import { finiteOrNull, type CandidateModel } from './model-types.ts'
import { nelderMead, squash } from './nelder-mead.ts'
import { seasonalAt, seasonalProfile } from './seasonal-profile.ts'

function sesSse(y: readonly number[], alpha: number): { sse: number; level: number } {
  let level = y[0] as number
  let sse = 0
  for (let t = 1; t < y.length; t++) {
    const e = (y[t] as number) - level
    sse += e * e
    level += alpha * e
  }
  return { sse, level }
}

function slope(y: readonly number[]): number {
  const n = y.length
  const xMean = (n - 1) / 2
  const yMean = y.reduce((s, v) => s + v, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * ((y[i] as number) - yMean)
    sxx += (i - xMean) ** 2
  }
  return sxx === 0 ? 0 : sxy / sxx
}

export const thetaModel: CandidateModel = {
  name: 'theta',
  fit: ({ values, horizon, period }) => {
    const n = values.length
    if (n < 10) return null
    const profile = period ? seasonalProfile(values, period) : []
    const adjusted = values.map((v, i) => v - seasonalAt(profile, i))
    const x = nelderMead((p) => sesSse(adjusted, squash(p[0] as number, 0.0001, 0.9999)).sse, [0], { maxEvaluations: 80 })
    const alpha = squash(x[0] as number, 0.0001, 0.9999)
    const { level } = sesSse(adjusted, alpha)
    const drift = slope(adjusted) / 2
    const shift = 1 / alpha - (1 - alpha) ** n / alpha
    return finiteOrNull(Array.from({ length: horizon }, (_, h) => level + drift * (h + shift) + seasonalAt(profile, n + h)))
  },
}
