// Rolling-origin back-test of every variant on the series' own history:
// origins every 7 days back from the end (the newest first), each
// forecasting as far ahead as the data allows up to `maxHorizon`, each
// scored against the real (unclipped) values, scaled by that origin's
// seasonal-naive in-sample error (MASE). The same procedure as the final
// fit, trend test and spike clipping included, so the scores and the
// errors that set the P90 describe what the user will be shown.
import { naiveScale } from '../backtest.ts'
import type { ModelFamily } from '../models/model-types.ts'
import type { ForecastBackend } from '../types.ts'
import { variantPaths, type Bounds, type Variant } from './variants.ts'

export interface BacktestPlan {
  /** Training lengths, newest origin first. */
  origins: number[]
  /** Longest horizon scored (the oldest origin's). */
  horizon: number
}

export interface PlanOptions {
  maxOrigins: number
  maxHorizon: number
  /** Fewest days an origin may train on. */
  minTrain: number
}

export function planOrigins(n: number, o: PlanOptions): BacktestPlan | null {
  const origins: number[] = []
  for (let k = 1; k <= o.maxOrigins && n - 7 * k >= o.minTrain; k++) origins.push(n - 7 * k)
  const oldest = origins[origins.length - 1]
  return oldest === undefined ? null : { origins, horizon: Math.min(o.maxHorizon, n - oldest) }
}

export interface VariantScore {
  variant: Variant
  /** Mean over every (origin, step) of |actual − P50| ÷ that origin's naive scale. */
  mase: number
  /** The same per origin (newest first), for paired comparisons. */
  perOrigin: number[]
  /** actual − P50, per origin (newest first), per step. */
  errors: number[][]
  /** The model's family at each origin (newest first); empty for a combination. */
  families: ModelFamily[]
}

export interface RollingBacktest {
  plan: BacktestPlan
  /** Each origin's seasonal-naive in-sample error, the MASE denominator. */
  scales: number[]
  scores: Map<string, VariantScore>
}

/** Scores a set of per-origin errors (e.g. a combination's) on the back-test's scales. */
export function scoreErrors(
  variant: Variant,
  errors: number[][],
  scales: readonly number[],
  families: ModelFamily[] = [],
): VariantScore {
  let sum = 0
  let count = 0
  const perOrigin = errors.map((errs, o) => {
    const s = errs.reduce((a, e) => a + Math.abs(e), 0) / (scales[o] as number)
    sum += s
    count += errs.length
    return s / Math.max(1, errs.length)
  })
  return { variant, mase: sum / Math.max(1, count), perOrigin, errors, families }
}

export function rollingBacktest(
  values: readonly number[],
  period: number | null,
  backend: ForecastBackend,
  bounds: Bounds,
  plan: BacktestPlan,
  only?: readonly Variant[],
): RollingBacktest {
  const byKey = new Map<string, { variant: Variant; errors: number[][]; families: ModelFamily[] }>()
  const scales: number[] = []
  for (const origin of plan.origins) {
    const train = values.slice(0, origin)
    const steps = Math.min(plan.horizon, values.length - origin)
    const actual = values.slice(origin, origin + steps)
    // A constant training window has no naive error to scale by; its errors still count, at a tiny scale.
    scales.push(naiveScale(train, 7) ?? 1e-9 * Math.max(1, Math.abs(train[train.length - 1] ?? 1)))
    const { paths } = variantPaths(train, steps, period, backend, bounds, only)
    for (const [key, { variant, path, family }] of paths) {
      const acc = byKey.get(key) ?? { variant, errors: [], families: [] }
      acc.errors.push(actual.map((a, h) => a - (path[h] as number)))
      acc.families.push(family)
      byKey.set(key, acc)
    }
  }
  const scores = new Map<string, VariantScore>()
  // A variant that failed at some origin is not comparable with the others; it drops out.
  for (const [key, s] of byKey)
    if (s.errors.length === plan.origins.length) scores.set(key, scoreErrors(s.variant, s.errors, scales, s.families))
  return { plan, scales, scores }
}
