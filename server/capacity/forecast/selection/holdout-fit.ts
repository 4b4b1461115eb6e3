// One portfolio candidate, flat, fitted for a single holdout: what
// backtestModel() needs when asked to score a named model on its own
// (`combination`: the mean of every candidate but seasonal naive, as a
// forecast from a history too short for a rolling back-test is made).
import type { ForecastBackend } from '../types.ts'
import { meanPath, variantPaths, type PortfolioModel } from './variants.ts'
import { conformalOffsets } from './conformal.ts'

export function fitCandidateHoldout(
  model: PortfolioModel,
  values: readonly number[],
  horizon: number,
  backend: ForecastBackend,
): { p50: number[]; p90: number[] } | null {
  const only = model === 'combination' ? undefined : [{ model, trend: false }]
  const { paths } = variantPaths(values, horizon, 7, backend, { lower: null, upper: null }, only)
  const members = [...paths.values()].filter((p) =>
    model === 'combination' ? !p.variant.trend && p.variant.model !== 'seasonal-naive' : p.variant.model === model,
  )
  if (members.length === 0) return null
  const path = meanPath(members.map((p) => p.path))
  // In-sample seasonal differences stand in for back-test errors here.
  const diffs = values.slice(7).map((v, i) => v - (values[i] as number))
  const q = conformalOffsets([diffs], horizon) ?? path.map(() => 0)
  return { p50: path, p90: path.map((v, h) => v + (q[h] as number)) }
}
