// The combination's weights: each model family an equal share, and the
// back-test of the combination scoring the same weighted mean it forecasts.
import { describe, expect, it } from 'vitest'
import {
  combinationPath,
  describeCombination,
  familyWeights,
} from '../../../server/capacity/forecast/selection/family-weights.ts'
import { combine } from '../../../server/capacity/forecast/selection/choice.ts'
import { scoreErrors } from '../../../server/capacity/forecast/selection/rolling-backtest.ts'
import type { CandidateName } from '../../../server/capacity/forecast/models/model-types.ts'

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)

describe('familyWeights()', () => {
  it('familyWeights() gives the mean-reverting pair half the weight when four smoothers sit beside it', () => {
    const members: CandidateName[] = ['ets-damped', 'ets-damped-log', 'theta', 'autoregressive', 'arima', 'mstl-ets']
    const w = familyWeights(members)
    expect(sum(w)).toBeCloseTo(1, 12)
    expect(w[3]! + w[4]!).toBeCloseTo(0.5, 12)
    expect(w[0]).toBeCloseTo(w[5]!, 12)
    expect(w[3]).toBeGreaterThan(w[0]!)
  })

  it('familyWeights() is an equal mean when only one family fitted', () => {
    expect(familyWeights(['ets-damped', 'theta', 'mstl-ets'])).toEqual([1 / 3, 1 / 3, 1 / 3])
    expect(familyWeights(['autoregressive'])).toEqual([1])
  })

  it('combinationPath() moves halfway to the lone autoregression when three smoothers agree', () => {
    const members: CandidateName[] = ['ets-damped', 'theta', 'mstl-ets', 'autoregressive']
    const path = combinationPath(members, [
      [10, 10],
      [10, 10],
      [10, 10],
      [20, 0],
    ])
    expect(path).toEqual([15, 5])
    expect(describeCombination(members)).toMatch(/half .*autoregressive \(mean-reverting\)/)
  })
})

describe('combine()', () => {
  it('combine() scores the family-weighted errors, the same mean the forecast uses', () => {
    const scales = [1, 2]
    const errs = (e: number): number[][] => [
      [e, e],
      [e, e],
    ]
    const scores = [
      scoreErrors({ model: 'ets-damped', trend: false }, errs(2), scales),
      scoreErrors({ model: 'theta', trend: false }, errs(2), scales),
      scoreErrors({ model: 'autoregressive', trend: false }, errs(-4), scales),
    ]
    const c = combine(scores, false, scales)!
    // Half of 2 plus half of −4 is −1 at every step; an equal mean would be 0.
    expect(c.errors).toEqual(errs(-1))
    expect(c.mase).toBeCloseTo((2 * 1 + 2 * 0.5) / 4, 12)
  })
})
