// isoDay() names the UTC day of an instant without a Date round trip: it must
// agree with toISOString on every instant, leap days and century years included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoDay } from '../../../server/capacity/forecast/types.ts'

const viaDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

describe('isoDay', () => {
  it.each([
    '1970-01-01T00:00:00Z',
    '2000-02-29T23:59:59.999Z',
    '2100-03-01T00:00:00Z',
    '1969-12-31T12:00:00Z',
    '2024-12-31T00:00:00Z',
  ])('names %s as toISOString does', (at) => {
    expect(isoDay(Date.parse(at))).toBe(viaDate(Date.parse(at)))
  })

  it('agrees with toISOString on any instant between the years 1000 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1000-01-01'), max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => {
        expect(isoDay(ms)).toBe(viaDate(ms))
      }),
      { numRuns: 5000 },
    )
  })
})
