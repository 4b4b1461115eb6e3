// The choice between the combination, seasonal naive and a single model,
// on back-test scores built by hand, and the P90 band's floor and width.
import { describe, expect, it } from 'vitest'
import { choose, clearlyBetter } from '../../../server/capacity/forecast/selection/choice.ts'
import {
  backtestOffsets,
  localNoiseQuantile,
  noiseQuantile,
  shortHistoryOffsets,
} from '../../../server/capacity/forecast/selection/band.ts'
import { scoreErrors, type RollingBacktest } from '../../../server/capacity/forecast/selection/rolling-backtest.ts'
import type { Variant } from '../../../server/capacity/forecast/selection/variants.ts'

const ORIGINS = 6
const scales = new Array<number>(ORIGINS).fill(1)
/** A variant whose error at origin o, step h is `err(o, h)`. */
function scored(model: Variant['model'], err: (o: number, h: number) => number, trend = false) {
  const errors = Array.from({ length: ORIGINS }, (_, o) => Array.from({ length: 14 }, (_, h) => err(o, h)))
  return scoreErrors({ model, trend }, errors, scales)
}
function backtest(...scores: ReturnType<typeof scored>[]): RollingBacktest {
  return {
    plan: { origins: Array.from({ length: ORIGINS }, (_, o) => 90 - 7 * (o + 1)), horizon: 14 },
    scales,
    scores: new Map(scores.map((s) => [s.variant.model, s])),
  }
}
const wiggle = (o: number, h: number): number => Math.sin(o * 7.1 + h * 1.3)

describe('choose()', () => {
  it('choose() takes the equal-weight combination of every model when none beats it clearly', () => {
    const usable = [
      scored('seasonal-naive', (o, h) => 3 * wiggle(o, h) + 1),
      scored('ets-damped', (o, h) => wiggle(o, h) + 0.5),
      scored('theta', (o, h) => wiggle(o + 1, h) - 0.5),
      scored('autoregressive', (o, h) => wiggle(o + 2, h)),
    ]
    const c = choose(backtest(...usable), usable, false)!
    expect(c.chosen.variant.model).toBe('combination')
    expect(c.members).toEqual(['ets-damped', 'theta', 'autoregressive'])
  })

  it('choose() falls back to seasonal naive when the combination does not beat it in back-test', () => {
    const usable = [
      scored('seasonal-naive', (o, h) => 0.2 * wiggle(o, h)),
      scored('ets-damped', (o, h) => wiggle(o, h) + 2),
      scored('theta', (o, h) => wiggle(o + 1, h) + 2),
    ]
    const c = choose(backtest(...usable), usable, false)!
    expect(c.chosen.variant.model).toBe('seasonal-naive')
    expect(c.why).toMatch(/did not beat seasonal naive/)
  })

  it('choose() lets one model replace the combination when it wins clearly at most origins', () => {
    const usable = [
      scored('seasonal-naive', () => 5),
      scored('ets-damped', (o, h) => 4 + 0.1 * wiggle(o, h)),
      scored('theta', (o, h) => 4 + 0.1 * wiggle(o + 1, h)),
      scored('autoregressive', (o, h) => 0.1 * wiggle(o + 2, h)),
    ]
    const c = choose(backtest(...usable), usable, false)!
    expect(c.chosen.variant.model).toBe('autoregressive')
    expect(c.why).toMatch(/clearly and steadily/)
  })

  it('choose() keeps the combination when a model wins clearly on average but at only half the origins', () => {
    // Far better at origins 0–2, a little worse at 3–5: the paired t-test alone would take it.
    const usable = [
      scored('seasonal-naive', () => 5),
      scored('ets-damped', () => 4),
      scored('theta', () => 4),
      scored('autoregressive', (o) => (o < 3 ? 0 : 4.1)),
    ]
    const c = choose(backtest(...usable), usable, false)!
    expect(c.chosen.variant.model).toBe('combination')
    const ar = usable[3]!
    const diffs = ar.perOrigin.map((x, o) => x - c.combination!.perOrigin[o]!)
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length
    const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (diffs.length - 1))
    expect(mean / (sd / Math.sqrt(diffs.length))).toBeLessThan(-1.645)
    expect(clearlyBetter(ar, c.combination!)).toBe(false)
  })
})

describe('P90 band', () => {
  const values = Array.from({ length: 60 }, (_, i) => 100 + 10 * Math.sin(i * 12.9898))

  it('backtestOffsets() never goes below the day-to-day noise even when the back-test errors are tiny', () => {
    const tiny = Array.from({ length: ORIGINS }, () => new Array<number>(28).fill(0.01))
    const q = backtestOffsets(tiny, values, 180)
    expect(noiseQuantile(values)).toBeGreaterThan(5)
    for (const v of q) expect(v).toBeGreaterThanOrEqual(noiseQuantile(values))
  })

  it('shortHistoryOffsets() widens week by week from the week-on-week spread', () => {
    const q = shortHistoryOffsets(values, 180)
    expect(q[0]).toBeGreaterThan(noiseQuantile(values))
    expect(q[7]! / q[0]!).toBeCloseTo(Math.SQRT2, 6)
    for (let h = 1; h < 180; h++) expect(q[h]).toBeGreaterThanOrEqual(q[h - 1]!)
  })

  it('localNoiseQuantile() measures rises above the local level, not a drifting level', () => {
    // A steady ramp has no day-to-day noise, though its week-on-week changes are all 7 steps.
    const ramp = Array.from({ length: 60 }, (_, i) => 100 + 2 * i)
    expect(localNoiseQuantile(ramp)).toBe(0)
    expect(noiseQuantile(ramp)).toBeCloseTo(14 * Math.SQRT1_2, 9)
    // One day in ten 30 above a flat level: the 90 % quantile of the rises sees them.
    const spiky = Array.from({ length: 70 }, (_, i) => (i % 10 === 5 ? 130 : 100))
    expect(localNoiseQuantile(spiky)).toBe(30)
  })
})
