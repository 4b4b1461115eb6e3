// The combination's weights: each model family an equal share, ARIMA's
// family read from its differencing, and the back-test of the combination
// scoring the same weighted mean it forecasts.
import { describe, expect, it } from 'vitest'
import {
  combinationPath,
  describeCombination,
  familyOf,
  familyWeights,
  type Member,
} from '../../../server/capacity/forecast/selection/family-weights.ts'
import { combine } from '../../../server/capacity/forecast/selection/choice.ts'
import { scoreErrors } from '../../../server/capacity/forecast/selection/rolling-backtest.ts'
import { arimaModel } from '../../../server/capacity/forecast/models/arima.ts'
import type { CandidateName, ModelFamily } from '../../../server/capacity/forecast/models/model-types.ts'
import type { ForecastBackend } from '../../../server/capacity/forecast/types.ts'

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)
const byName = (models: readonly CandidateName[]): Member[] => models.map((model) => ({ model, family: familyOf(model) }))
/** Deterministic noise in [−1, 1). */
const noise = (i: number): number => {
  const x = Math.sin(i * 12.9898) * 43758.5453
  return 2 * (x - Math.floor(x)) - 1
}

describe('familyWeights()', () => {
  it('familyWeights() gives the mean-reverting pair half the weight when four smoothers sit beside it', () => {
    const members: CandidateName[] = ['ets-damped', 'ets-damped-log', 'theta', 'autoregressive', 'arima', 'mstl-ets']
    const w = familyWeights(members.map(familyOf))
    expect(sum(w)).toBeCloseTo(1, 12)
    expect(w[3]! + w[4]!).toBeCloseTo(0.5, 12)
    expect(w[0]).toBeCloseTo(w[5]!, 12)
    expect(w[3]).toBeGreaterThan(w[0]!)
  })

  it('familyWeights() is an equal mean when only one family fitted', () => {
    const level: ModelFamily[] = ['level', 'level', 'level']
    expect(familyWeights(level)).toEqual([1 / 3, 1 / 3, 1 / 3])
    expect(familyWeights(['mean-reverting'])).toEqual([1])
  })

  it('combinationPath() moves halfway to the lone autoregression when three smoothers agree', () => {
    const members = byName(['ets-damped', 'theta', 'mstl-ets', 'autoregressive'])
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

describe('arimaModel.family()', () => {
  const backend = {} as ForecastBackend
  const input = (values: number[]) => ({ values, horizon: 14, period: null, backend })

  it('arimaModel.family() is level-holding on a random walk, which KPSS differences, and mean-reverting on noise around a level', () => {
    let level = 100
    const walk = Array.from({ length: 90 }, (_, i) => (level += 5 * noise(i)))
    const stationary = Array.from({ length: 90 }, (_, i) => 100 + 5 * noise(7 * i + 3))
    expect(arimaModel.family?.(input(walk))).toBe('level')
    expect(arimaModel.family?.(input(stationary))).toBe('mean-reverting')
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

  it('combine() weighs each origin by the families the members had there', () => {
    const scales = [1, 1]
    const arima = scoreErrors({ model: 'arima', trend: false }, [[-4], [-4]], scales, ['mean-reverting', 'level'])
    const scores = [
      scoreErrors({ model: 'ets-damped', trend: false }, [[2], [2]], scales),
      scoreErrors({ model: 'autoregressive', trend: false }, [[-4], [-4]], scales),
      arima,
    ]
    const c = combine(scores, false, scales)!
    // Origin 0: ARIMA beside the AR (half of 2, a quarter each of −4 and −4).
    expect(c.errors[0]![0]).toBeCloseTo(-1, 12)
    // Origin 1: ARIMA beside the smoother (a quarter each of 2 and ARIMA's −4, half of the AR's −4).
    expect(c.errors[1]![0]).toBeCloseTo(-2.5, 12)
  })
})
