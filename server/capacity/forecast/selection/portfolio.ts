// The portfolio forecast: every candidate back-tested from rolling origins
// on the series' own history, then the choice (choice.ts: the family-weighted
// combination unless one model, or seasonal naive, beats it clearly and
// steadily), the P90 from the chosen forecast's own back-test errors with
// the day-to-day noise as a floor (band.ts), and an explanation of why.
// With too little history for a back-test of several origins, the
// combination of every candidate that fits, flat, with a noise band. A
// refit within a week of the last selection may reuse it (SelectionCarry)
// and fit only its models.
import type { BacktestResult } from '../backtest.ts'
import type { CandidateName } from '../models/model-types.ts'
import type { ForecastBackend } from '../types.ts'
import { backtestOffsets, band, heldOutCoverage, shortHistoryOffsets } from './band.ts'
import { choose, MIN_TEST_ORIGINS, type Choice } from './choice.ts'
import { planOrigins, rollingBacktest, type PlanOptions, type RollingBacktest } from './rolling-backtest.ts'
import { TREND_PHI } from './trend-policy.ts'
import { combinationPath, describeCombination, familyOf, type Member } from './family-weights.ts'
import { meanPath, variantKey, variantPaths, type Bounds, type Variant, type VariantPaths } from './variants.ts'

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
  /** Null when the history was too short to back-test (the flat combination of every candidate). */
  selection: SelectionCarry | null
  variant: Variant
  p50: number[]
  p90: number[]
  /** Parts of the forecast's explanation. */
  notes: string[]
}

/**
 * P50 path of a variant, or of a combination's members (family-weighted
 * after a back-test, an equal mean without one); null when one is missing.
 */
function pathOf(final: VariantPaths, variant: Variant, members: readonly CandidateName[], byFamily = true): number[] | null {
  const wanted = members.length ? members.map((m) => ({ model: m, trend: variant.trend })) : [variant]
  const found = wanted.map((v) => final.paths.get(variantKey(v)) ?? final.paths.get(variantKey({ ...v, trend: false })))
  if (!found.every((p) => p !== undefined)) return null
  const paths = found.map((p) => p.path)
  if (!members.length) return paths[0] as number[]
  const weighted = found.map((p, i) => ({ model: members[i] as CandidateName, family: p.family }))
  return byFamily ? combinationPath(weighted, paths) : meanPath(paths)
}

function reasonOf(choice: Choice, naive: number | null, bt: RollingBacktest, final: VariantPaths): string {
  const { chosen, members } = choice
  const trendPresent = final.trend.present
  const family = (model: CandidateName): Member => ({
    model,
    family: final.paths.get(variantKey({ model, trend: chosen.variant.trend }))?.family ?? familyOf(model),
  })
  const name =
    chosen.variant.model === 'combination' ? `combination (${describeCombination(members.map(family))})` : chosen.variant.model
  const how = `rolling back-test, ${bt.plan.origins.length} origins up to ${bt.plan.horizon} days ahead`
  const vs = naive !== null && chosen.variant.model !== 'seasonal-naive' ? ` against seasonal naive's ${naive.toFixed(2)}` : ''
  const trend = chosen.variant.trend
    ? `trend kept, damped (φ ${TREND_PHI}/day or the model's own)`
    : trendPresent
      ? 'flat level + season: the trend did not beat it in back-test'
      : 'flat level + season'
  return `${name}: MASE ${chosen.mase.toFixed(2)}${vs} (${how}); ${choice.why}; ${trend}`
}

function refit(
  values: readonly number[],
  period: number | null,
  backend: ForecastBackend,
  options: PortfolioOptions,
  carry: SelectionCarry,
): PortfolioFit | null {
  const only = carry.members.length ? carry.members.map((model) => ({ model, trend: carry.variant.trend })) : [carry.variant]
  const final = variantPaths(values, options.horizon, period, backend, options.bounds, only)
  const p50 = pathOf(final, carry.variant, carry.members)
  if (!p50 || carry.offsets.length < options.horizon) return null
  const notes = [final.trend.text, `${carry.reason} (selection reused from the back-test of ${carry.backtest.holdoutDays} days)`]
  return { selection: carry, variant: carry.variant, ...band(p50, carry.offsets, options.bounds), notes }
}

/**
 * Too little history to back-test: every candidate that fits, averaged,
 * flat (a trend needs the back-test's support, and there is none); the
 * band from the week-on-week changes.
 */
function shortFit(
  values: readonly number[],
  period: number | null,
  backend: ForecastBackend,
  options: PortfolioOptions,
): PortfolioFit | null {
  const final = variantPaths(values, options.horizon, period, backend, options.bounds)
  const members = [...final.paths.values()]
    .filter((p) => !p.variant.trend && p.variant.model !== 'seasonal-naive')
    .map((p) => p.variant.model as CandidateName)
  const variant: Variant = members.length ? { model: 'combination', trend: false } : { model: 'seasonal-naive', trend: false }
  // Equal weights here: an autoregression's mean from a few weeks is barely known, and no back-test says otherwise.
  const p50 = pathOf(final, variant, members, false)
  if (!p50) return null
  const what = members.length ? `flat combination (mean of ${members.join(', ')})` : 'seasonal naive'
  const notes = [
    `${values.length} days is too short for a rolling back-test (${options.plan.minTrain + 7 * MIN_TEST_ORIGINS} needed: ${MIN_TEST_ORIGINS} weekly origins, each on at least ${options.plan.minTrain} days): ${what}, no trend without a back-test to support it`,
    'P90 from the week-on-week changes of the history, widening week by week',
  ]
  return { selection: null, variant, ...band(p50, shortHistoryOffsets(values, options.horizon), options.bounds), notes }
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
  if (!plan || plan.origins.length < MIN_TEST_ORIGINS) return shortFit(values, period, backend, options)
  const bt = rollingBacktest(values, period, backend, options.bounds, plan)
  const final = variantPaths(values, options.horizon, period, backend, options.bounds)
  const usable = [...bt.scores.values()].filter((s) => final.paths.has(variantKey(s.variant)))
  const choice = choose(bt, usable, final.trend.present)
  const p50 = choice ? pathOf(final, choice.chosen.variant, choice.members) : null
  if (!choice || !p50) return shortFit(values, period, backend, options)
  const { chosen } = choice
  const naive = bt.scores.get('seasonal-naive')?.mase ?? null
  const offsets = backtestOffsets(chosen.errors, values, options.horizon)
  const backtest: BacktestResult = {
    holdoutDays: plan.horizon,
    mase: chosen.mase,
    naiveMase: naive,
    p90Coverage: heldOutCoverage(chosen.errors, values, plan.horizon),
    origins: plan.origins.length,
  }
  const candidates = [...usable, ...(choice.combination ? [choice.combination] : [])]
    .filter((s) => final.trend.present || !s.variant.trend)
    .map((s) => ({ ...s.variant, mase: s.mase }))
    .sort((a, b) => a.mase - b.mase)
  const reason = reasonOf(choice, naive, bt, final)
  const notes = [final.trend.text, reason]
  if (final.clipped > 0) notes.push(`${final.clipped} spike day(s) clipped for the P50 fit; they still widen the P90`)
  notes.push(
    'P90 from the back-test’s own errors per step ahead (conformal), never below the day-to-day noise, widening with the horizon',
  )
  const selection = { variant: chosen.variant, members: choice.members, offsets, backtest, candidates, reason }
  return { selection, variant: chosen.variant, ...band(p50, offsets, options.bounds), notes }
}
