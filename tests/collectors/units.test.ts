import { describe, expect, it } from 'vitest'
import { checkUnitConversion, convertUnit, createUnitConverter, isKnownUnit, UnitError } from '../../collectors/units.ts'

describe('convertUnit()', () => {
  it.each([
    { scenario: 'bytes become Mbit', value: 1_000_000, from: 'bytes', to: 'Mbit', expected: 8 },
    { scenario: 'ms become s', value: 1500, from: 'ms', to: 's', expected: 1.5 },
    { scenario: 'percent becomes a ratio', value: 85, from: 'percent', to: 'ratio', expected: 0.85 },
    { scenario: '% becomes a ratio', value: 50, from: '%', to: 'ratio', expected: 0.5 },
    { scenario: 'requests/min become requests/s', value: 120, from: 'requests/min', to: 'requests/s', expected: 2 },
    { scenario: 'bps alias becomes Mbit/s', value: 5_000_000, from: 'bps', to: 'Mbit/s', expected: 5 },
    { scenario: 'GiB become MiB', value: 2, from: 'GiB', to: 'MiB', expected: 2048 },
    { scenario: 'octets/s become kbit/s', value: 1000, from: 'octets/s', to: 'kbit/s', expected: 8 },
    { scenario: 'installs/d become installs/h', value: 48, from: 'installs/d', to: 'installs/h', expected: 2 },
    { scenario: 'the units are the same', value: 42, from: 'sessions', to: 'sessions', expected: 42 },
  ])('returns $expected when $scenario', ({ value, from, to, expected }) => {
    expect(convertUnit(value, from, to)).toBeCloseTo(expected, 9)
  })

  it('turns a counter in bytes into Mbit/s when the value was rated', () => {
    // 125 000 bytes per second = 1 Mbit/s
    expect(convertUnit(125_000, 'bytes', 'Mbit/s', { rated: true })).toBeCloseTo(1, 9)
  })

  it('turns a rated count into a per-minute rate', () => {
    expect(convertUnit(2, 'requests', 'requests/min', { rated: true })).toBeCloseTo(120, 9)
  })
})

describe('createUnitConverter()', () => {
  it('throws a UnitError naming the unit when it is unknown', () => {
    expect(() => createUnitConverter('furlongs', 'Mbit')).toThrow(UnitError)
    expect(() => createUnitConverter('furlongs', 'Mbit')).toThrow(/unknown unit 'furlongs'/)
  })

  it('throws naming both units when they measure different things', () => {
    expect(() => createUnitConverter('bytes', 's')).toThrow(/cannot convert 'bytes' \(data\) to 's' \(time\)/)
  })

  it('throws when a non-rated quantity is converted to a rate', () => {
    expect(() => createUnitConverter('bytes', 'Mbit/s')).toThrow(/data per time/)
  })

  it('throws when a rated counter is declared with a rate unit', () => {
    expect(() => createUnitConverter('bytes/s', 'Mbit/s', { rated: true })).toThrow(/already a rate/)
  })

  it('throws when the denominator is not a time', () => {
    expect(() => createUnitConverter('bytes/MB', 'bit')).toThrow(/must be a time unit/)
  })
})

describe('checkUnitConversion()', () => {
  it('returns null when the conversion is valid', () => {
    expect(checkUnitConversion('ms', 's')).toBeNull()
  })

  it('returns the sentence when the unit is unknown', () => {
    expect(checkUnitConversion('ms', 'parsecs')).toMatch(/unknown unit 'parsecs'/)
  })
})

describe('isKnownUnit()', () => {
  it.each([
    ['Mbit/s', true],
    ['sessions', true],
    ['bps', true],
    ['b', false],
    ['bytes/s/s', false],
  ])('says %s is known: %s', (unit, expected) => {
    expect(isKnownUnit(unit)).toBe(expected)
  })
})
