// Which forecast the rolling back-test supports. The default is the
// fixed-weight mean of every candidate that models level and season (not
// the seasonal naive, which is the baseline), each model family weighted
// equally (family-weights.ts): with a handful of origins,
// back-test rankings are mostly noise, and the forecast-combination
// literature (Clemen 1989; the M3 and M4 results; Claeskens et al. 2016 on
// the "forecast combination puzzle") finds fixed weights hard to beat
// because estimated weights or a single winner carry that noise into the
// forecast. The default's trend form replaces its flat form only when the
// history shows a trend (Mann–Kendall) and the back-test prefers it.
// When the combination does not beat seasonal naive in back-test, seasonal
// naive it is. One candidate replaces the choice only when it beats it at
// the origins clearly (paired one-sided t-test at 5 %) and steadily
// (at three origins in four or more): a model that wins on average through
// one lucky origin is the unstable choice that turns into the worst case.
import type { CandidateName } from '../models/model-types.ts'
import { familyOf, familyWeights } from './family-weights.ts'
import { scoreErrors, type RollingBacktest, type VariantScore } from './rolling-backtest.ts'
import { portfolioModels, type Variant } from './variants.ts'

/** One-sided 5 % critical value of the paired t statistic (normal approximation). */
const T_CRITICAL = 1.645
/** Share of origins a replacement must win at. */
const STEADY_SHARE = 0.75
/** Fewest origins a paired test is run on. */
export const MIN_TEST_ORIGINS = 3

export interface Choice {
  chosen: VariantScore
  /** The combination's members in its trend form; empty for a single model. */
  members: CandidateName[]
  /** The default it was weighed against (the combination), for the explanation. */
  combination: VariantScore | null
  why: string
}

const order = (v: Variant): number => portfolioModels.indexOf(v.model) * 2 + (v.trend ? 1 : 0)

/** The family-weighted mean of every member's errors in one trend form (the combination's own back-test). */
export function combine(scores: readonly VariantScore[], trend: boolean, scales: readonly number[]): VariantScore | null {
  if (scores.length < 2) return null
  const first = scores[0] as VariantScore
  const errors = first.errors.map((errs, o) => {
    // A member's family may differ between origins (ARIMA differences some training windows and not others).
    const weights = familyWeights(scores.map((s) => s.families[o] ?? familyOf(s.variant.model as CandidateName)))
    return errs.map((_, h) => scores.reduce((s, m, i) => s + (weights[i] as number) * (m.errors[o]?.[h] as number), 0))
  })
  return scoreErrors({ model: 'combination', trend }, errors, scales)
}

/** True when `v` beats `d` at the origins by more than chance and at most of them. */
export function clearlyBetter(v: VariantScore, d: VariantScore): boolean {
  const diffs = v.perOrigin.map((x, o) => x - (d.perOrigin[o] as number))
  const k = diffs.length
  if (k < MIN_TEST_ORIGINS) return false
  const wins = diffs.filter((x) => x < 0).length
  if (wins < STEADY_SHARE * k) return false
  const mean = diffs.reduce((s, x) => s + x, 0) / k
  const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1))
  return mean < 0 && (sd === 0 || mean / (sd / Math.sqrt(k)) < -T_CRITICAL)
}

function lowest(scores: readonly VariantScore[]): VariantScore | null {
  let best: VariantScore | null = null
  // A tie keeps the simpler (earlier) variant: evidence must beat, not match.
  for (const s of scores)
    if (!best || s.mase < best.mase - 1e-12 || (Math.abs(s.mase - best.mase) <= 1e-12 && order(s.variant) < order(best.variant)))
      best = s
  return best
}

/**
 * Chooses among the back-tested variants in `usable` (those with a final
 * path). `trendAllowed`: the final history shows a trend, so trend forms
 * may be used.
 */
export function choose(bt: RollingBacktest, usable: readonly VariantScore[], trendAllowed: boolean): Choice | null {
  const naive = usable.find((s) => s.variant.model === 'seasonal-naive') ?? null
  const models = usable.filter((s) => s.variant.model !== 'seasonal-naive')
  // A mean-reverting (trendless) model is no member of the trend form: it would halve the trend the evidence supports.
  const form = (trend: boolean): VariantScore[] => models.filter((s) => s.variant.trend === trend)
  const flat = combine(form(false), false, bt.scales)
  const trending = trendAllowed ? combine(form(true), true, bt.scales) : null
  const useTrend = trending !== null && (flat === null || trending.mase < flat.mase)
  const combination = useTrend ? trending : flat
  const members = (useTrend ? form(true) : form(false)).map((s) => s.variant.model as CandidateName)
  // The combination must at least match seasonal naive in back-test: evidence must beat the baseline, not trail it.
  const fallback = combination && (!naive || combination.mase < naive.mase) ? combination : naive
  if (!fallback) return null
  const challengers = usable.filter((s) => (trendAllowed || !s.variant.trend) && clearlyBetter(s, fallback))
  const challenger = lowest(challengers)
  if (challenger)
    return {
      chosen: challenger,
      members: [],
      combination,
      why:
        challenger.variant.model === 'seasonal-naive'
          ? 'seasonal naive beat the combination clearly and steadily at the origins'
          : 'it beat the combination clearly and steadily at the origins',
    }
  if (fallback !== combination)
    return {
      chosen: fallback,
      members: [],
      combination,
      why: combination ? 'the combination did not beat seasonal naive in back-test' : 'no other candidate could be fitted',
    }
  return {
    chosen: combination,
    members,
    combination,
    why: 'no single model beat the combination clearly and steadily',
  }
}
