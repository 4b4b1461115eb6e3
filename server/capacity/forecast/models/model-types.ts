// What a portfolio candidate is: a function from a training series to a
// P50 path. Bands do not come from the models: every candidate's P90 is set
// the same way, from its own rolling back-test errors (see ../selection/).
import type { ForecastBackend } from '../types.ts'

export const candidateNames = [
  'seasonal-naive',
  'ets-damped',
  'ets-damped-log',
  'theta',
  'autoregressive',
  'arima',
  'mstl-ets',
] as const
export type CandidateName = (typeof candidateNames)[number]

export interface ModelInput {
  /** Training values, oldest first, spikes already winsorised. */
  values: readonly number[]
  horizon: number
  /** 7 when a weekly pattern was found, else null. */
  period: number | null
  backend: ForecastBackend
}

/**
 * How a model's forecast behaves far ahead: it holds the last (smoothed)
 * level, or it returns towards the series' mean. The combination weights
 * the two equally (../selection/family-weights.ts).
 */
export type ModelFamily = 'mean-reverting' | 'level'

export interface CandidateModel {
  name: CandidateName
  /** Null when the model does not apply to this series (e.g. a log fit of a series with zeros). */
  fit(input: ModelInput): number[] | null
  /** Its family on this input, when that depends on the data (ARIMA: differenced or not); else by name. */
  family?(input: ModelInput): ModelFamily
}

/** Null unless every value is finite: a model that diverged is no candidate. */
export function finiteOrNull(path: number[]): number[] | null {
  return path.every(Number.isFinite) ? path : null
}
