// The portfolio, in the order a tie is broken (simplest first).
import { dampedEtsLogModel, dampedEtsModel } from './damped-ets.ts'
import { arimaModel } from './arima.ts'
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
  arimaModel,
  mstlEtsModel,
]
