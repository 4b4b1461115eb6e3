import { describe, expect, it } from 'vitest'
import { digest } from '../../../server/capacity/forecast/digest.ts'

describe('digest()', () => {
  it('is the same for the same text and differs for texts one value apart', () => {
    const values = Array.from({ length: 90 }, (_, i) => 100 + i * 0.5)
    const a = `2026-12-02|{}|${values.join(',')}`
    expect(digest(a)).toBe(digest(`2026-12-02|{}|${values.join(',')}`))
    const seen = new Set<string>()
    // Each day's peak nudged in turn, by the smallest step a number prints: every digest is new.
    for (let i = 0; i < values.length; i++) {
      const nudged = values.map((v, j) => (j === i ? v + 0.01 : v))
      seen.add(digest(`2026-12-02|{}|${nudged.join(',')}`))
    }
    expect(seen.size).toBe(values.length)
    expect(seen.has(digest(a))).toBe(false)
  })
})
