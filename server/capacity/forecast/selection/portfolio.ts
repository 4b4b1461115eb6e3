// The portfolio forecast: every candidate back-tested from rolling origins
// on the series' own history; the default is the better of seasonal naive
// and the combination (mean of the best three candidates, as the M4
// competition's combinations did), and a single candidate replaces it only
// when it beats it at the back-test's origins clearly (a paired one-sided
// t-test at 5 %), since with a handful of origins the lowest score alone is
// mostly luck. A trend only where the history shows one (trend-evidence.ts)
// and the back-test prefers it. The P90 comes from the chosen forecast's own
// back-test errors; the explanation says why. A refit within a week of the
// last selection may reuse it (see SelectionCarry) and fit only its models.
import type { BacktestResult } from '../backtest.ts'
import type { ForecastBackend } from '../types.ts'
import { conformalOffsets, type OriginErrors } from './conformal.ts'
import {
  planOrigins,
  rollingBacktest,
  scoreErrors,
  type PlanOptions,
  type RollingBacktest,
  type VariantScore,
} from './rolling-backtest.ts'
import type { CandidateName } from '../models/model-types.ts'
import { TREND_PHI } from './trend-policy.ts'
import { clampTo, meanPath, portfolioModels, variantKey, variantPaths, type Bounds, type Variant } from './variants.ts'

export interface CandidateScore extends Variant {
  /** Rolling back-test MASE (lower is better; 1 = as good as seasonal naive's in-sample error). */
  mase: number
}

/** What a refit may reuse of a selection made at most a few days earlier. */
export interface SelectionCarry {
  variant: Variant
  /** The combination's members (each in the combination's trend form); empty for a single model. */
  members: CandidateName[]
  /** P90 − P50 per step (before bounds), from the back-test errors. */
  offsets: number[]
  backtest: BacktestResult
  candidates: CandidateScore[]
  /** Why this variant, as written when it was chosen. */
  reason: string
}

export interface PortfolioOptions {
  horizon: number
  bounds: Bounds
  plan: PlanOptions
}

export interface PortfolioFit {
  selection: SelectionCarry
  p50: number[]
  p90: number[]
  /** Parts of the forecast's explanation. */
  notes: string[]
}

const order = (v: Variant): number => portfolioModels.indexOf(v.model) * 2 + (v.trend ? 1 : 0)
const COMBINED = 3
/** One-sided 5 % critical value of the paired t statistic (normal approximation). */
const T_CRITICAL = 1.645

function lowest(scores: readonly VariantScore[]): VariantScore | null {
  let best: VariantScore | null = null
  // A tie keeps the simpler (earlier) variant: evidence must beat, not match.
  for (const s of scores)
    if (!best || s.mase < best.mase - 1e-12 || (Math.abs(s.mase - best.mase) <= 1e-12 && order(s.variant) < order(best.variant)))
      best = s
  return best
}

/** Mean of the best COMBINED candidates in one trend form (seasonal naive is the baseline, not a member). */
function combination(bt: RollingBacktest, trend: boolean): { score: VariantScore; members: CandidateName[] } | null {
  // Members share the combination's trend form: a mean-reverting (trendless) model is no member of a trend combination.
  const pool = [...bt.scores.values()].filter((s) => s.variant.model !== 'seasonal-naive' && s.variant.trend === trend)
  const best = pool.sort((a, b) => a.mase - b.mase).slice(0, COMBINED)
  if (best.length < 2) return null
  const errors = (best[0] as VariantScore).errors.map((errs, o) =>
    errs.map((_, h) => best.reduce((s, m) => s + (m.errors[o]?.[h] as number), 0) / best.length),
  )
  return {
    score: scoreErrors({ model: 'combination', trend }, errors, bt.scales),
    members: best.map((m) => m.variant.model as CandidateName),
  }
}

/** True when `v` beats `d` at the back-test's origins by more than chance (paired one-sided t-test). */
function clearlyBetter(v: VariantScore, d: VariantScore): boolean {
  const diffs = v.perOrigin.map((x, o) => x - (d.perOrigin[o] as number))
  const k = diffs.length
  if (k < 3) return false
  const mean = diffs.reduce((s, x) => s + x, 0) / k
  const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1))
  return mean < 0 && (sd === 0 || mean / (sd / Math.sqrt(k)) < -T_CRITICAL)
}

/** Share of each origin's errors under offsets calibrated on the other origins (cross-conformal). */
function heldOutCoverage(errors: OriginErrors, horizon: number): number {
  let hit = 0
  let all = 0
  errors.forEach((own, o) => {
    const q = conformalOffsets(
      errors.filter((_, i) => i !== o),
      horizon,
    )
    if (!q) return
    own.forEach((e, h) => {
      all++
      if (e <= (q[h] as number)) hit++
    })
  })
  return all === 0 ? Number.NaN : hit / all
}

/** Fallback band when the back-test is too short: seasonal-naive spread, widening per week ahead. */
function naiveOffsets(values: readonly number[], horizon: number): number[] {
  let ss = 0
  for (let i = 7; i < values.length; i++) ss += ((values[i] as number) - (values[i - 7] as number)) ** 2
  const sigma = Math.sqrt(ss / Math.max(1, values.length - 7))
  return Array.from({ length: horizon }, (_, h) => 1.2816 * sigma * Math.sqrt(Math.floor(h / 7) + 1))
}

function band(p50: readonly number[], offsets: readonly number[], bounds: Bounds): { p50: number[]; p90: number[] } {
  const lo = clampTo(p50, bounds)
  return {
    p50: lo,
    p90: clampTo(
      lo.map((v, h) => v + Math.max(0, offsets[h] ?? 0)),
      bounds,
    ),
  }
}

function reasonOf(
  chosen: VariantScore,
  naive: VariantScore | undefined,
  members: readonly string[],
  bt: RollingBacktest,
  trendPresent: boolean,
): string {
  const name = chosen.variant.model === 'combination' ? `combination (mean of ${members.join(', ')})` : chosen.variant.model
  const how = `rolling back-test, ${bt.plan.origins.length} origins up to ${bt.plan.horizon} days ahead`
  const vs = naive && chosen.variant.model !== 'seasonal-naive' ? ` against seasonal naive's ${naive.mase.toFixed(2)}` : ''
  const why =
    chosen.variant.model === 'seasonal-naive'
      ? 'the combination did not beat seasonal naive'
      : chosen.variant.model === 'combination'
        ? 'no single model beat it clearly'
        : 'it beat the combination at the origins clearly'
  const trend = chosen.variant.trend
    ? `trend kept, damped (φ ${TREND_PHI}/day or the model's own)`
    : trendPresent
      ? 'flat level + season: the trend did not beat it in back-test'
      : 'flat level + season'
  return `${name}: MASE ${chosen.mase.toFixed(2)}${vs} (${how}); ${why}; ${trend}`
}

function refit(
  values: readonly number[],
  period: number | null,
  backend: ForecastBackend,
  options: PortfolioOptions,
  carry: SelectionCarry,
): PortfolioFit | null {
  const only =
    carry.variant.model === 'combination'
      ? carry.members.map((model) => ({ model, trend: carry.variant.trend }))
      : [carry.variant]
  const final = variantPaths(values, options.horizon, period, backend, options.bounds, only)
  const paths = only.map((v) => final.paths.get(variantKey(v))?.path ?? final.paths.get(variantKey({ ...v, trend: false }))?.path)
  if (paths.some((p) => p === undefined) || carry.offsets.length < options.horizon) return null
  const p50 = meanPath(paths as number[][])
  const notes = [final.trend.text, `${carry.reason} (selection reused from the back-test of ${carry.backtest.holdoutDays} days)`]
  return { selection: carry, ...band(p50, carry.offsets, options.bounds), notes }
}

export function fitPortfolio(
  values: readonly number[],
  period: number | null,
  backend: ForecastBackend,
  options: PortfolioOptions,
  carry?: SelectionCarry,
): PortfolioFit | null {
  const reused = carry ? refit(values, period, backend, options, carry) : null
  if (reused) return reused
  const plan = planOrigins(values.length, options.plan)
  if (!plan) return null
  const bt = rollingBacktest(values, period, backend, options.bounds, plan)
  const final = variantPaths(values, options.horizon, period, backend, options.bounds)
  const allowed = (v: Variant): boolean => final.trend.present || !v.trend
  const singles = [...bt.scores.values()].filter((s) => allowed(s.variant) && final.paths.has(variantKey(s.variant)))
  const naive = bt.scores.get('seasonal-naive')
  const combos = [false, true].filter((t) => allowed({ model: 'combination', trend: t })).map((t) => combination(bt, t))
  const usable = combos.filter(
    (c): c is NonNullable<typeof c> => c !== null && c.members.every((m) => singles.some((s) => s.variant.model === m)),
  )
  const fallback = lowest([...(naive ? [naive] : []), ...usable.map((c) => c.score)])
  const challenger = lowest(
    singles.filter((s) => s.variant.model !== 'seasonal-naive' && fallback !== null && clearlyBetter(s, fallback)),
  )
  const chosen = challenger ?? fallback
  if (!chosen) return null
  const members = chosen.variant.model === 'combination' ? (usable.find((c) => c.score === chosen)?.members ?? []) : []
  const memberPaths = (members.length ? members.map((m) => ({ model: m, trend: chosen.variant.trend })) : [chosen.variant]).map(
    (v) => final.paths.get(variantKey(v))?.path ?? final.paths.get(variantKey({ ...v, trend: false }))?.path,
  )
  if (memberPaths.some((p) => p === undefined)) return null
  const offsets = conformalOffsets(chosen.errors, options.horizon) ?? naiveOffsets(values, options.horizon)
  const backtest: BacktestResult = {
    holdoutDays: plan.horizon,
    mase: chosen.mase,
    naiveMase: naive?.mase ?? null,
    p90Coverage: heldOutCoverage(chosen.errors, plan.horizon),
    origins: plan.origins.length,
  }
  const candidates = [...singles, ...usable.map((c) => c.score)]
    .map((s) => ({ ...s.variant, mase: s.mase }))
    .sort((a, b) => a.mase - b.mase)
  const reason = reasonOf(chosen, naive, members, bt, final.trend.present)
  const notes = [final.trend.text, reason]
  if (final.clipped > 0) notes.push(`${final.clipped} spike day(s) clipped for the P50 fit; they still widen the P90`)
  notes.push('P90 from the back-test’s own errors per step ahead (conformal), widening with the horizon')
  const selection = { variant: chosen.variant, members, offsets, backtest, candidates, reason }
  return { selection, ...band(meanPath(memberPaths as number[][]), offsets, options.bounds), notes }
}
