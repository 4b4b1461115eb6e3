// Weights of the combination's members: each model family gets an equal
// share, split equally among its members that fitted. Two families:
// level-holding models (damped ETS on both scales, Theta, MSTL+ETS, and
// ARIMA when the KPSS test differences the series), which carry the last
// level forward, and mean-reverting ones (AR, and ARIMA on a stationary
// series), which return towards the series' mean. The smoothers are near-copies of one
// another, so an equal weight per model gave one view four votes of six;
// weighting by family combines the two distinct views evenly, as
// combinations of dissimilar forecasts are what reduce error (Clemen 1989;
// Thomson et al. 2019 on combining "diverse" forecasts). Fixed weights, not
// estimated ones: the back-test has too few origins to estimate them.
import type { CandidateName, ModelFamily } from '../models/model-types.ts'

export type { ModelFamily }

const MEAN_REVERTING: ReadonlySet<CandidateName> = new Set(['autoregressive', 'arima'])

/** A model's family when its fit does not say otherwise (see CandidateModel.family). */
export function familyOf(model: CandidateName): ModelFamily {
  return MEAN_REVERTING.has(model) ? 'mean-reverting' : 'level'
}

/** One weight per member (summing to 1): equal per family present, equal within a family. */
export function familyWeights(families: readonly ModelFamily[]): number[] {
  const counts = new Map<ModelFamily, number>()
  for (const f of families) counts.set(f, (counts.get(f) ?? 0) + 1)
  return families.map((f) => 1 / counts.size / (counts.get(f) as number))
}

/** Weighted mean of several paths, step by step. */
export function weightedPath(paths: readonly (readonly number[])[], weights: readonly number[]): number[] {
  return (paths[0] ?? []).map((_, h) => paths.reduce((s, p, i) => s + (weights[i] as number) * (p[h] as number), 0))
}

export interface Member {
  model: CandidateName
  family: ModelFamily
}

/** The combination's P50: the family-weighted mean of its members' paths. */
export function combinationPath(members: readonly Member[], paths: readonly (readonly number[])[]): number[] {
  return weightedPath(paths, familyWeights(members.map((m) => m.family)))
}

/** How the combination is made, for explanations. */
export function describeCombination(members: readonly Member[]): string {
  const of = (f: ModelFamily): CandidateName[] => members.filter((m) => m.family === f).map((m) => m.model)
  const level = of('level')
  const reverting = of('mean-reverting')
  if (level.length === 0 || reverting.length === 0) return `mean of ${members.map((m) => m.model).join(', ')}`
  return `half the mean of ${level.join(', ')} (level-holding), half the mean of ${reverting.join(', ')} (mean-reverting)`
}
