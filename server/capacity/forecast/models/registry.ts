// The portfolio, in the order a tie is broken (simplest first).
import { dampedEtsLogModel, dampedEtsModel } from './damped-ets.ts'
import { autoregressiveModel } from './autoregressive.ts'
import type { CandidateModel } from './model-types.ts'
import { mstlEtsModel } from './mstl-ets.ts'
import { seasonalNaiveModel } from './seasonal-naive.ts'
import { thetaModel } from './theta.ts'

export const portfolio: readonly CandidateModel[] = [
  seasonalNaiveModel,
  dampedEtsModel,
  dampedEtsLogModel,
  thetaModel,
  autoregressiveModel,
  mstlEtsModel,
]

/** The members of the combination: every candidate that models level and season itself (not the naive). */
export const combinationMembers = ['ets-damped', 'ets-damped-log', 'theta', 'autoregressive', 'mstl-ets'] as const
