import { describe, expect, it } from 'vitest'
import { sameJson } from '../../server/runtime/same-json.ts'

const json = (v: unknown): string => JSON.stringify(v)

describe('sameJson()', () => {
  const cases: [unknown, unknown][] = [
    [
      { a: 1, b: [1, 2, { c: 'x' }] },
      { b: [1, 2, { c: 'x' }], a: 1 },
    ],
    [
      { a: 1, b: [1, 2, { c: 'x' }] },
      { a: 1, b: [1, 2, { c: 'y' }] },
    ],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: 1 }, { a: 1, b: null }],
    [{ a: NaN }, { a: null }],
    [{ a: [1, 2] }, { a: [1, 2, 3] }],
    [{ a: '1' }, { a: 1 }],
    [{ a: {} }, { a: [] }],
    [{ a: true }, { a: 1 }],
    [[], {}],
    [null, {}],
    ['x', 'x'],
    [0, -0],
    [{ at: new Date(0) }, { at: new Date(0) }],
    [{ at: new Date(0) }, { at: new Date(1) }],
  ]
  it.each(cases)('agrees with comparing JSON.stringify, whatever the key order: %j vs %j', (a, b) => {
    const sorted = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([k1], [k2]) => (k1 < k2 ? -1 : 1))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : Array.isArray(v)
          ? v.map(sorted)
          : v
    expect(sameJson(a, b)).toBe(json(sorted(a)) === json(sorted(b)))
  })

  it('leaves the skipped top-level property out, and only at the top', () => {
    expect(sameJson({ a: 1, age: 3 }, { a: 1, age: 9 }, 'age')).toBe(true)
    expect(sameJson({ a: 1, age: 3 }, { a: 1 }, 'age')).toBe(true)
    expect(sameJson({ a: { age: 3 } }, { a: { age: 9 } }, 'age')).toBe(false)
    expect(sameJson({ a: 1, age: 3 }, { a: 2, age: 3 }, 'age')).toBe(false)
  })
})
