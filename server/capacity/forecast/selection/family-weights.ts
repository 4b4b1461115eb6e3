// Weights of the combination's members: each model family gets an equal
// share, split equally among its members that fitted. Two families:
// level-holding smoothers (damped ETS on both scales, Theta, MSTL+ETS),
// which carry the last smoothed level forward, and mean-reverting
// autoregressions (AR, ARIMA on the seasonally adjusted series), which
// return towards the series' mean. The smoothers are near-copies of one
// another, so an equal weight per model gave one view four votes of six;
// weighting by family combines the two distinct views evenly, as
// combinations of dissimilar forecasts are what reduce error (Clemen 1989;
// Thomson et al. 2019 on combining "diverse" forecasts). Fixed weights, not
// estimated ones: the back-test has too few origins to estimate them.
import type { CandidateName } from '../models/model-types.ts'

export type ModelFamily = 'mean-reverting' | 'level'

const MEAN_REVERTING: ReadonlySet<CandidateName> = new Set(['autoregressive', 'arima'])

export function familyOf(model: CandidateName): ModelFamily {
  return MEAN_REVERTING.has(model) ? 'mean-reverting' : 'level'
}

/** One weight per member (summing to 1): equal per family present, equal within a family. */
export function familyWeights(members: readonly CandidateName[]): number[] {
  const counts = new Map<ModelFamily, number>()
  for (const m of members) counts.set(familyOf(m), (counts.get(familyOf(m)) ?? 0) + 1)
  return members.map((m) => 1 / counts.size / (counts.get(familyOf(m)) as number))
}

/** Weighted mean of several paths, step by step. */
export function weightedPath(paths: readonly (readonly number[])[], weights: readonly number[]): number[] {
  return (paths[0] ?? []).map((_, h) => paths.reduce((s, p, i) => s + (weights[i] as number) * (p[h] as number), 0))
}

/** The combination's P50: the family-weighted mean of its members' paths. */
export function combinationPath(members: readonly CandidateName[], paths: readonly (readonly number[])[]): number[] {
  return weightedPath(paths, familyWeights(members))
}

/** How the combination is made, for explanations. */
export function describeCombination(members: readonly CandidateName[]): string {
  const of = (f: ModelFamily): CandidateName[] => members.filter((m) => familyOf(m) === f)
  const level = of('level')
  const reverting = of('mean-reverting')
  if (level.length === 0 || reverting.length === 0) return `mean of ${members.join(', ')}`
  return `half the mean of ${level.join(', ')} (level-holding), half the mean of ${reverting.join(', ')} (mean-reverting)`
}
