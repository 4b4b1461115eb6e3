import { describe, expect, it } from 'vitest'
import {
  breachProbabilities,
  crossingBound,
  firstPassageDay,
  normalCdf,
} from '../../../server/capacity/planning/first-passage.ts'

const Z90 = 1.2815515655446004
const flat = (n: number, v: number): number[] => Array.from({ length: n }, () => v)

describe('normalCdf()', () => {
  it.each([
    [0, 0.5],
    [Z90, 0.9],
    [-1.959964, 0.025],
    [3, 0.99865],
  ])('Φ(%d) ≈ %d', (x, p) => expect(normalCdf(x)).toBeCloseTo(p, 5))
})

describe('breachProbabilities()', () => {
  it('with independent daily noise only, gives 1 − Φ(z)^t, the chance of at least one crossing in t days', () => {
    // P90 − P50 equals the noise: no level error, every day an independent draw.
    const p = breachProbabilities({ p50: flat(30, 100), p90: flat(30, 110), noise90: 10, limitOn: () => 115 })
    const perDay = normalCdf((15 / 10) * Z90)
    for (const t of [1, 7, 30]) expect(p[t - 1]).toBeCloseTo(1 - perDay ** t, 4)
  })

  it('never decreases and stays within 0..1', () => {
    const p50 = Array.from({ length: 90 }, (_, h) => 100 + h * 0.2)
    const p90 = p50.map((v, h) => v + 5 + h * 0.3)
    const p = breachProbabilities({ p50, p90, noise90: 4, limitOn: () => 130 })
    for (let h = 1; h < p.length; h++) expect(p[h]).toBeGreaterThanOrEqual(p[h - 1] as number)
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...p)).toBeLessThanOrEqual(1)
  })

  it('without noise or spread is the median path itself: 0 before it reaches the limit, 1 from then on', () => {
    const p50 = [90, 95, 100, 105]
    expect(breachProbabilities({ p50, p90: p50, noise90: 0, limitOn: () => 100 })).toEqual([0, 0, 1, 1])
  })

  it('a shared level error (band wider than the noise) makes crossings less certain than independent days would', () => {
    const independent = breachProbabilities({ p50: flat(60, 100), p90: flat(60, 110), noise90: 10, limitOn: () => 115 })
    const shared = breachProbabilities({ p50: flat(60, 100), p90: flat(60, 110), noise90: 3, limitOn: () => 115 })
    expect(shared[59]).toBeLessThan(independent[59] as number)
  })

  it('matches the first-crossing frequency of simulated paths: P50 + one shared level error + independent daily noise', () => {
    // The model the P50 breach date rests on, simulated directly: if the level error and the noise were
    // combined differently (added as independent each day, or with the band's whole spread as noise),
    // the chance of a first crossing by day t would drift from what the paths show.
    let seed = 12345
    const uniform = (): number => {
      // mulberry32: a fixed seed keeps the test deterministic.
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
    const days = 60
    const p50 = Array.from({ length: days }, (_, h) => 100 + h * 0.1)
    const p90 = p50.map((v, h) => v + 10 + h * 0.2)
    const noise90 = 6
    const limit = 118
    const input = { p50, p90, noise90, limitOn: () => limit }
    const model = breachProbabilities(input)
    const paths = 20000
    const crossedBy = new Array<number>(days).fill(0)
    for (let i = 0; i < paths; i++) {
      const z = normal()
      for (let h = 0; h < days; h++) {
        const total = ((p90[h] as number) - (p50[h] as number)) / Z90
        const noise = noise90 / Z90
        const peak = (p50[h] as number) + z * Math.sqrt(total * total - noise * noise) + noise * normal()
        if (peak >= limit) {
          crossedBy[h] = (crossedBy[h] as number) + 1
          break
        }
      }
    }
    let cumulative = 0
    for (let h = 0; h < days; h++) {
      cumulative += crossedBy[h] as number
      // 20 000 paths: a binomial standard error of at most 0.0035; 0.015 is over four of them.
      expect(Math.abs(cumulative / paths - (model[h] as number))).toBeLessThan(0.015)
    }
  })

  it('a higher limit from a planned step slows the build-up from that day', () => {
    const base = { p50: flat(40, 100), p90: flat(40, 110), noise90: 10 }
    const fixed = breachProbabilities({ ...base, limitOn: () => 115 })
    const stepped = breachProbabilities({ ...base, limitOn: (h) => (h < 10 ? 115 : 200) })
    expect(stepped[9]).toBeCloseTo(fixed[9] as number, 12)
    expect(stepped[39]).toBeCloseTo(stepped[10] as number, 6)
    expect(stepped[39]).toBeLessThan(fixed[39] as number)
  })
})

describe('firstPassageDay()', () => {
  it('dates a breach the median path never reaches, from the day-to-day noise', () => {
    const input = { p50: flat(180, 100), p90: flat(180, 110), noise90: 10, limitOn: () => 120 }
    const day = firstPassageDay(input, 0.5)
    expect(day).not.toBeNull()
    // 1 − Φ(2.56)^t ≥ 0.5 from t = ln 0.5 / ln Φ(2.56) ≈ 132.
    const perDay = normalCdf(2 * Z90)
    expect((day as number) + 1).toBe(Math.ceil(Math.log(0.5) / Math.log(perDay)))
  })

  it('gives no date for a limit far above every band', () => {
    expect(firstPassageDay({ p50: flat(180, 100), p90: flat(180, 110), noise90: 10, limitOn: () => 1000 }, 0.5)).toBeNull()
  })

  it('is earlier the noisier the days', () => {
    const at = (noise90: number): number | null =>
      firstPassageDay({ p50: flat(180, 100), p90: flat(180, 100 + Math.max(noise90, 8)), noise90, limitOn: () => 125 }, 0.5)
    expect(at(20)).not.toBeNull()
    expect(at(20) as number).toBeLessThan(at(12) ?? Infinity)
  })
})

describe('crossingBound()', () => {
  it('is never below the chance of a first crossing within the horizon, so it can screen out a metric safely', () => {
    const cases = [
      { p50: flat(180, 100), p90: flat(180, 110), noise90: 10, limitOn: () => 120 },
      { p50: flat(180, 100), p90: flat(180, 110), noise90: 3, limitOn: () => 118 },
      {
        p50: Array.from({ length: 180 }, (_, h) => 100 + h * 0.1),
        p90: Array.from({ length: 180 }, (_, h) => 108 + h * 0.15),
        noise90: 5,
        limitOn: (h: number) => (h < 90 ? 125 : 140),
      },
    ]
    for (const input of cases) {
      const p = breachProbabilities(input)
      expect(crossingBound(input)).toBeGreaterThanOrEqual((p[p.length - 1] as number) - 1e-6)
    }
  })

  it('with independent days is the sum of the daily chances', () => {
    const input = { p50: flat(30, 100), p90: flat(30, 110), noise90: 10, limitOn: () => 115 }
    expect(crossingBound(input)).toBeCloseTo(30 * (1 - normalCdf(1.5 * Z90)), 6)
  })

  it('when below the probability asked for, the full computation agrees there is no date', () => {
    const input = { p50: flat(180, 100), p90: flat(180, 110), noise90: 10, limitOn: () => 135 }
    expect(crossingBound(input)).toBeLessThan(0.5)
    const p = breachProbabilities(input)
    expect(p[p.length - 1] as number).toBeLessThan(0.5)
    expect(firstPassageDay(input, 0.5)).toBeNull()
  })
})
