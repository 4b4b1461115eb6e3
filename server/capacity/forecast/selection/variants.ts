// Every candidate's P50 path from one training series, in the two forms the
// trend policy allows: flat (level + season) and "trend when the evidence
// says so" (damped). The combination of the best few is built from these by
// the portfolio once the back-test has ranked them.
import { candidateNames, type CandidateName, type ModelFamily } from '../models/model-types.ts'
import { familyOf } from './family-weights.ts'
import { portfolio } from '../models/registry.ts'
import type { ForecastBackend } from '../types.ts'
import { dampTrend, flatten } from './trend-policy.ts'
import { trendEvidence } from './trend-evidence.ts'
import { winsorise } from './winsorise.ts'

export type PortfolioModel = CandidateName | 'combination'
export const portfolioModels: readonly PortfolioModel[] = [...candidateNames, 'combination']

/** Mean of several paths, step by step (the combination's P50). */
export function meanPath(paths: readonly (readonly number[])[]): number[] {
  return (paths[0] ?? []).map((_, h) => paths.reduce((s, p) => s + (p[h] as number), 0) / paths.length)
}

export interface Variant {
  model: PortfolioModel
  /** True: trend kept (damped) when the history shows one; false: flat level + season. */
  trend: boolean
}

export const variantKey = (v: Variant): string => `${v.model}${v.trend ? '+trend' : ''}`

export interface Bounds {
  /** Null: the metric may go negative. */
  lower: number | null
  upper: number | null
}

export function clampTo(values: readonly number[], b: Bounds): number[] {
  return values.map((v) => Math.min(b.upper ?? Infinity, Math.max(b.lower ?? -Infinity, v)))
}

export interface VariantPaths {
  /** `family`: how the model behaved on this training series (seasonal naive counts as level-holding). */
  paths: Map<string, { variant: Variant; path: number[]; family: ModelFamily }>
  trend: ReturnType<typeof trendEvidence>
  clipped: number
}

/** Models that damp their own trend; the others are damped by dampTrend(). */
const SELF_DAMPED: ReadonlySet<PortfolioModel> = new Set(['ets-damped', 'ets-damped-log'])
/**
 * Models with no trend to hold back: seasonal naive repeats last week, and a
 * stationary autoregression returns to its mean (flattening its first week
 * would throw that return away). They have one, flat, variant.
 */
const TRENDLESS: ReadonlySet<PortfolioModel> = new Set(['seasonal-naive', 'autoregressive', 'arima'])

/**
 * Paths of the variants in `only` (every variant when absent) for `horizon`
 * steps after `train`. Trend variants follow the evidence in `train`
 * itself: with none they equal their flat form.
 */
export function variantPaths(
  train: readonly number[],
  horizon: number,
  period: number | null,
  backend: ForecastBackend,
  bounds: Bounds,
  only?: readonly Variant[],
): VariantPaths {
  const w = winsorise(train, period)
  const trend = trendEvidence(w.values)
  const wanted = (m: PortfolioModel): boolean => !only || only.some((v) => v.model === m)
  const flat = new Map<PortfolioModel, number[]>()
  const trending = new Map<PortfolioModel, number[]>()
  const families = new Map<PortfolioModel, ModelFamily>()
  for (const c of portfolio) {
    if (!wanted(c.name)) continue
    const input = { values: w.values, horizon, period, backend }
    const raw = c.fit(input)
    if (!raw) continue
    families.set(c.name, c.family?.(input) ?? familyOf(c.name))
    flat.set(c.name, TRENDLESS.has(c.name) ? raw : flatten(raw, period))
    if (!TRENDLESS.has(c.name))
      trending.set(c.name, !trend.present ? flatten(raw, period) : SELF_DAMPED.has(c.name) ? raw : dampTrend(raw, period))
  }
  const paths: VariantPaths['paths'] = new Map()
  for (const [trendFlag, map] of [
    [false, flat],
    [true, trending],
  ] as const) {
    for (const [model, path] of map) {
      const variant = { model, trend: trendFlag }
      if (only && !only.some((v) => variantKey(v) === variantKey(variant))) continue
      paths.set(variantKey(variant), { variant, path: clampTo(path, bounds), family: families.get(model) ?? 'level' })
    }
  }
  return { paths, trend, clipped: w.clipped }
}
