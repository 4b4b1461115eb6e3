// quantileInPlace(): the same value as sorting and interpolating, without the sort.
import { describe, expect, it } from 'vitest'
import { quantileInPlace } from '../../../server/capacity/forecast/numeric/select.ts'

function bySort(values: readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort()
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('quantileInPlace()', () => {
  it('equals the sorted quantile on random, tied, sorted and reversed arrays of every small length', () => {
    const next = random(7)
    for (let n = 1; n <= 60; n++) {
      const shapes = [
        Array.from({ length: n }, () => next() * 100 - 50),
        Array.from({ length: n }, () => Math.floor(next() * 3)),
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => 5),
      ]
      for (const values of shapes) {
        for (const q of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
          expect(quantileInPlace(Float64Array.from(values), n, q), `n=${n} q=${q} ${values.join(',')}`).toBe(bySort(values, q))
        }
      }
    }
  })

  it('looks only at the first n entries of the buffer', () => {
    expect(quantileInPlace(Float64Array.from([3, 1, 2, -100, 100]), 3, 0.5)).toBe(2)
  })

  it('gives NaN for no values and sorts as before when a NaN is present (NaN last)', () => {
    expect(quantileInPlace(new Float64Array(0), 0, 0.5)).toBeNaN()
    expect(quantileInPlace(Float64Array.from([3, Number.NaN, 1, 2]), 4, 0)).toBe(1)
    expect(quantileInPlace(Float64Array.from([3, Number.NaN, 1, 2]), 4, 1)).toBeNaN()
  })
})
