// One portfolio candidate, flat, fitted for a single holdout: what
// backtestModel() needs when asked to score a named model on its own.
import type { ForecastBackend } from './types.ts'
import { variantPaths, type PortfolioModel } from './selection/variants.ts'
import { conformalOffsets } from './selection/conformal.ts'

export function fitCandidateHoldout(
  model: PortfolioModel,
  values: readonly number[],
  horizon: number,
  backend: ForecastBackend,
): { p50: number[]; p90: number[] } | null {
  const variant = { model, trend: false }
  const { paths } = variantPaths(values, horizon, 7, backend, { lower: null, upper: null }, [variant])
  const path = paths.get(model)?.path
  if (!path) return null
  // In-sample seasonal differences stand in for back-test errors here.
  const diffs = values.slice(7).map((v, i) => v - (values[i] as number))
  const q = conformalOffsets([diffs], horizon) ?? path.map(() => 0)
  return { p50: path, p90: path.map((v, h) => v + (q[h] as number)) }
}
