import { describe, expect, it } from 'vitest'
import { counterIncrease, RateTracker, seriesKey } from '../../collectors/rates.ts'

const t0 = new Date('2025-01-01T00:00:00Z')
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000)

describe('counterIncrease()', () => {
  it.each([
    { scenario: 'the counter grows', prev: 100, next: 350, width: 32 as const, expected: { increase: 250, wrapped: false } },
    {
      scenario: 'a 32-bit counter wraps',
      prev: 2 ** 32 - 100,
      next: 50,
      width: 32 as const,
      expected: { increase: 150, wrapped: true },
    },
    {
      scenario: 'a 64-bit counter wraps',
      prev: 2n ** 64n - 10n,
      next: 5n,
      width: 64 as const,
      expected: { increase: 15, wrapped: true },
    },
    { scenario: 'a 32-bit counter restarts from a low value', prev: 1_000_000, next: 10, width: 32 as const, expected: null },
    { scenario: 'a 64-bit counter restarts', prev: 5_000_000_000n, next: 3n, width: 64 as const, expected: null },
    { scenario: 'a float counter decreases', prev: 10.5, next: 2.25, width: 'none' as const, expected: null },
    {
      scenario: 'a float counter grows',
      prev: 10.5,
      next: 12.75,
      width: 'none' as const,
      expected: { increase: 2.25, wrapped: false },
    },
    { scenario: 'an integer counter without width decreases', prev: 10, next: 9, width: 'none' as const, expected: null },
    { scenario: 'the previous value is outside the 32-bit range', prev: 2 ** 40, next: 1, width: 32 as const, expected: null },
  ])('is $expected when $scenario', ({ prev, next, width, expected }) => {
    expect(counterIncrease(prev, next, width)).toEqual(expected)
  })

  it('keeps every digit when 64-bit values are beyond 2^53', () => {
    const base = 2n ** 60n
    expect(counterIncrease(base + 1n, base + 8n, 64)).toEqual({ increase: 7, wrapped: false })
  })

  it('throws when a value is not finite', () => {
    expect(() => counterIncrease(1, Number.NaN, 32)).toThrow(/finite/)
  })
})

describe('RateTracker.update()', () => {
  it('returns first on the first reading and a per-second rate on the next', () => {
    const tracker = new RateTracker()
    expect(tracker.update('a', 1000, at(0), 64)).toEqual({ kind: 'first' })
    expect(tracker.update('a', 1600, at(60), 64)).toEqual({ kind: 'rate', rate: 10, wrapped: false })
  })

  it('unwinds a 32-bit wrap into the right rate', () => {
    const tracker = new RateTracker()
    tracker.update('if1', 2 ** 32 - 500, at(0), 32)
    expect(tracker.update('if1', 1500, at(10), 32)).toEqual({ kind: 'rate', rate: 200, wrapped: true })
  })

  it('reports a reset and re-baselines when the device restarted', () => {
    const tracker = new RateTracker()
    tracker.update('if1', 9_000_000, at(0), 32)
    const reset = tracker.update('if1', 100, at(10), 32)
    expect(reset.kind).toBe('reset')
    expect(tracker.update('if1', 300, at(20), 32)).toEqual({ kind: 'rate', rate: 20, wrapped: false })
  })

  it('treats a rate above maxRate as a reset', () => {
    const tracker = new RateTracker({ maxRate: 1000 })
    tracker.update('x', 0, at(0), 64)
    const result = tracker.update('x', 50_000, at(10), 64)
    expect(result).toMatchObject({ kind: 'reset' })
    if (result.kind === 'reset') expect(result.reason).toContain('maxRate')
  })

  it('ignores a reading that is not newer than the stored one', () => {
    const tracker = new RateTracker()
    tracker.update('x', 10, at(10))
    expect(tracker.update('x', 20, at(10))).toEqual({ kind: 'stale' })
    expect(tracker.update('x', 20, at(5))).toEqual({ kind: 'stale' })
    expect(tracker.update('x', 30, at(20))).toEqual({ kind: 'rate', rate: 2, wrapped: false })
  })

  it('keeps separate state per series key', () => {
    const tracker = new RateTracker()
    tracker.update('a', 0, at(0))
    tracker.update('b', 1000, at(0))
    expect(tracker.update('a', 10, at(10))).toMatchObject({ rate: 1 })
    expect(tracker.update('b', 1100, at(10))).toMatchObject({ rate: 10 })
  })

  it('reports a reset when the counter width of a series changes', () => {
    const tracker = new RateTracker()
    tracker.update('a', 0, at(0), 32)
    expect(tracker.update('a', 10, at(10), 64)).toMatchObject({ kind: 'reset' })
  })
})

describe('RateTracker.prune()', () => {
  it('drops series not read since the cutoff and keeps the rest', () => {
    const tracker = new RateTracker()
    tracker.update('old', 1, at(0))
    tracker.update('new', 1, at(100))
    expect(tracker.prune(at(50))).toBe(1)
    expect(tracker.size).toBe(1)
    expect(tracker.update('old', 2, at(200))).toEqual({ kind: 'first' })
  })
})

describe('seriesKey()', () => {
  it('gives the same key whatever the tag order is', () => {
    expect(seriesKey(['t', 'ggsn'], { site: 'n', if: '1' })).toBe(seriesKey(['t', 'ggsn'], { if: '1', site: 'n' }))
  })

  it('gives different keys when a tag value differs', () => {
    expect(seriesKey(['t'], { if: '1' })).not.toBe(seriesKey(['t'], { if: '2' }))
  })
})
