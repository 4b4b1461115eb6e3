import { describe, expect, it } from 'vitest'
import { resolveLayout, rowToSample, type Layout } from '../../../../collectors/plugins/csv/kinds.ts'
import { parseTimestamp } from '../../../../collectors/plugins/csv/time.ts'

describe('parseTimestamp()', () => {
  it.each([
    { text: '2025-06-30', expected: '2025-06-30T00:00:00.000Z' },
    { text: '2025-06-30 14:30', expected: '2025-06-30T14:30:00.000Z' },
    { text: '2014-07-01 00:30:00', expected: '2014-07-01T00:30:00.000Z' },
    { text: '2025-06-30T14:30:00Z', expected: '2025-06-30T14:30:00.000Z' },
    { text: '2025-06-30T14:30:00.25+01:00', expected: '2025-06-30T13:30:00.250Z' },
    { text: '2025-06-30T14:30:00-0230', expected: '2025-06-30T17:00:00.000Z' },
    { text: '1751293800', expected: '2025-06-30T14:30:00.000Z' },
    { text: '1751293800000', expected: '2025-06-30T14:30:00.000Z' },
  ])('reads $text as $expected', ({ text, expected }) => {
    const result = parseTimestamp(text)
    expect('ms' in result && new Date(result.ms).toISOString()).toBe(expected)
  })

  it.each(['30/06/2025', 'yesterday', '2025-02-30', '2025-06-30 25:00', ''])(
    'returns an error quoting the text when it is %j',
    (text) => {
      const result = parseTimestamp(text)
      expect('error' in result && result.error).toContain(`'${text}'`)
    },
  )
})

describe('resolveLayout()', () => {
  it.each([
    { header: ['time', 'driver', 'value'], kind: 'driver-actuals' },
    { header: ['date', 'driver', 'value'], kind: 'driver-forecast' },
    { header: ['Date', 'App', 'Metric', 'Measured_Max', 'Environment_Scale'], kind: 'perf-test' },
  ])('detects $kind from the header when kind is auto', ({ header, kind }) => {
    expect(resolveLayout(header, 'auto', {}, {})).toMatchObject({ kind })
  })

  it('names the missing column and what was found when the header lacks one', () => {
    expect(resolveLayout(['date', 'driver', 'amount'], 'driver-forecast', {}, {})).toEqual({
      error: "missing column 'value' for a driver-forecast file (found: date, driver, amount)",
    })
  })

  it('uses mapped header names and a fixed driver when the file is a bare series', () => {
    expect(resolveLayout(['timestamp', 'value'], 'driver-actuals', { time: 'timestamp' }, { driver: 'installs' })).toEqual({
      kind: 'driver-actuals',
      index: { time: 0, value: 1 },
    })
  })

  it('says it cannot tell the kind when no known header is there', () => {
    expect(resolveLayout(['a', 'b'], 'auto', {}, {})).toMatchObject({
      error: expect.stringMatching(/^cannot tell the kind of file from the header \(found: a, b\)/),
    })
  })
})

describe('rowToSample()', () => {
  const perf: Layout = { kind: 'perf-test', index: { date: 0, app: 1, metric: 2, measured_max: 3, environment_scale: 4 } }

  it('scales a perf-test result to live when environment_scale is a fraction', () => {
    expect(rowToSample(perf, ['2025-03-01', 'sm2m', 'tps', '400', '0.5'], 2, {})).toEqual({
      app: 'sm2m',
      metric: 'tps',
      value: 800,
      at: new Date('2025-03-01T00:00:00Z'),
      tags: { source: 'perf-test', environment_scale: '0.5' },
    })
  })

  it('returns every bad field of the row when several are wrong', () => {
    expect(rowToSample(perf, ['2025-13-01', 'SM2M', 'tps', 'lots', '2'], 9, {})).toEqual([
      { line: 9, field: 'date', message: "'2025-13-01' is not a real date and time" },
      { line: 9, field: 'app', message: `expected a lower-case id like "installs" (letters, digits, dashes), got 'SM2M'` },
      { line: 9, field: 'measured_max', message: "expected a number, got 'lots'" },
      { line: 9, field: 'environment_scale', message: "expected a fraction of live above 0 and at most 1, got '2'" },
    ])
  })

  it('prefers the version column over the default version when both are there', () => {
    const layout: Layout = { kind: 'driver-forecast', index: { date: 0, driver: 1, value: 2, version: 3 } }
    expect(rowToSample(layout, ['2025-07-01', 'installs', '1200', 'q3-2025'], 2, { version: 'file-name' })).toMatchObject({
      tags: { version: 'q3-2025' },
    })
    expect(rowToSample(layout, ['2025-07-01', 'installs', '1200', ''], 3, { version: 'file-name' })).toMatchObject({
      tags: { version: 'file-name' },
    })
  })
})
