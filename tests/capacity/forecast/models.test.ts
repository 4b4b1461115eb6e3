// The autoregressive corner of the portfolio: KPSS picks the differencing,
// ARIMA forecasts a wandering level from where it is and a stationary one
// back towards its mean, and an autoregression never passes off a ramp as a
// mean to return to.
import { describe, expect, it } from 'vitest'
import { autoArima, kpssLevel } from '../../../server/capacity/forecast/models/arima.ts'
import { autoregression } from '../../../server/capacity/forecast/models/autoregressive.ts'

/** Deterministic standard normal noise: a seeded 32-bit generator (mulberry32) through Box–Muller. */
function normals(n: number, seed: number): number[] {
  let a = seed
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()))
}
const e = normals(400, 42)
const noise = (i: number): number => e[i % e.length] as number
const walk = (n: number): number[] => {
  const out: number[] = []
  let level = 100
  for (let i = 0; i < n; i++) out.push((level += 2 * noise(i + 100)))
  return out
}

describe('kpssLevel()', () => {
  it('kpssLevel() is below the 5 % critical value for noise around a level and above it for a random walk', () => {
    const level = Array.from({ length: 90 }, (_, i) => 50 + noise(i))
    expect(kpssLevel(level)).toBeLessThan(0.463)
    expect(kpssLevel(walk(90))).toBeGreaterThan(0.463)
  })
})

describe('autoArima()', () => {
  it('autoArima() forecasts a random walk from its last value, not from its mean', () => {
    const y = walk(90)
    const last = y[y.length - 1]!
    const mean = y.reduce((s, v) => s + v, 0) / y.length
    const path = autoArima(y, 30)!
    expect(Math.abs(path[29]! - last)).toBeLessThan(Math.abs(path[29]! - mean))
  })

  it('autoArima() brings a stationary series that ends high back towards its mean', () => {
    const y = Array.from({ length: 90 }, (_, i) => 50 + 3 * noise(i) + (i >= 87 ? 8 : 0))
    const path = autoArima(y, 60)!
    expect(path[59]!).toBeLessThan(y[89]! - 4)
    expect(Math.abs(path[59]! - 50)).toBeLessThan(3)
  })
})

describe('autoregression()', () => {
  it('autoregression() does not extrapolate a ramp through a mean beyond the data', () => {
    const ramp = Array.from({ length: 60 }, (_, i) => 100 + 2 * i + noise(i))
    const path = autoregression(ramp, 120)!
    // A near-unit-root fit would head for a mean far above the last value (~218); a plausible one stays within the data.
    expect(Math.max(...path)).toBeLessThanOrEqual(Math.max(...ramp))
  })
})
