// isoDay() names the UTC day of an instant without a Date round trip: it must
// agree with toISOString on every instant, leap days and century years included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysAfter, isoDay } from '../../../server/capacity/forecast/types.ts'

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

describe('daysAfter', () => {
  it('names the days after the given one, across month and year ends, whatever the hour', () => {
    const late = Date.UTC(2026, 11, 29, 23, 59)
    expect(daysAfter(late, 4)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'])
    expect(daysAfter(Date.UTC(2026, 11, 29), 4)).toEqual(daysAfter(late, 4))
    expect(daysAfter(Date.UTC(2028, 1, 27, 12), 3)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01'])
  })

  it('gives a longer list for a longer horizon and a later list for a later day', () => {
    const day = Date.UTC(2026, 5, 1)
    expect(daysAfter(day, 180)).toHaveLength(180)
    expect(daysAfter(day, 180)[179]).toBe(isoDay(day + 180 * 86_400_000))
    expect(daysAfter(day + 86_400_000, 2)).toEqual(['2026-06-03', '2026-06-04'])
  })
})
