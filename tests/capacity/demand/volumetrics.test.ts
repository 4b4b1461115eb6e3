import { describe, expect, it } from 'vitest'
import { parseDriverForecastCsv, projectedBreach, projectLoad } from '../../../server/capacity/demand/driver-forecast.ts'
import { fitLoadModel, predictLoad } from '../../../server/capacity/demand/load-model.ts'

describe('fitLoadModel()', () => {
  it('fitLoadModel() recovers base 10 and coefficients 2 and 0.5 with R² 1 from exact data', () => {
    const rows = [
      [1, 10],
      [2, 30],
      [3, 20],
      [4, 50],
      [5, 40],
    ].map(([a, b]) => ({
      drivers: { installs: a as number, hubs: b as number },
      value: 10 + 2 * (a as number) + 0.5 * (b as number),
    }))
    const fit = fitLoadModel(rows, ['installs', 'hubs'])
    if (!fit.ok) throw new Error(fit.reason)
    expect(fit.value.base).toBeCloseTo(10, 9)
    expect(fit.value.coefficients.installs).toBeCloseTo(2, 9)
    expect(fit.value.coefficients.hubs).toBeCloseTo(0.5, 9)
    expect(fit.value.r2).toBeCloseTo(1, 9)
  })

  it.each([
    {
      scenario: 'the load does not follow the driver',
      rows: [1, 2, 3, 4, 5, 6].map((x, i) => ({ drivers: { d: x }, value: [5, 1, 5, 1, 5, 1][i] as number })),
      reason: /explains only 8\.6 % of the variation \(R² 0\.086 < 0\.3\)/,
    },
    { scenario: 'there are too few rows', rows: [{ drivers: { d: 1 }, value: 1 }], reason: /1 observations cannot fit 1 driver/ },
    {
      scenario: 'the driver never changes',
      rows: [1, 2, 3, 4].map((v) => ({ drivers: { d: 3 }, value: v })),
      reason: /driver\(s\) d did not vary over the 4 observations/,
    },
    {
      scenario: 'a row lacks the driver',
      rows: [1, 2, 3, 4].map((v, i) => ({ drivers: (i === 2 ? {} : { d: v }) as Record<string, number>, value: v })),
      reason: /observation 3 has no value for driver "d"/,
    },
  ])('fitLoadModel() refuses with a reason when $scenario', ({ rows, reason }) => {
    const fit = fitLoadModel(rows, ['d'])
    expect(fit.ok).toBe(false)
    if (!fit.ok) expect(fit.reason).toMatch(reason)
  })

  it('fitLoadModel() refuses drivers that move together', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((a) => ({ drivers: { a, b: 2 * a + 1 }, value: a * 3 }))
    const fit = fitLoadModel(rows, ['a', 'b'])
    expect(fit.ok ? 'fitted' : fit.reason).toBe('drivers a, b move together; their effects cannot be separated')
  })

  it('fitLoadModel() recovers coefficients when one driver is in millions and another in hundreds', () => {
    // Active hubs around 4 M growing slowly beside installs per hour: raw normal equations are near-singular here.
    const rows = Array.from({ length: 500 }, (_, t) => {
      const hubs = 4_000_000 + 30 * t + ((t * 7919) % 13) * 50
      const installs = 200 + ((t * 104729) % 17) * 40
      return { drivers: { hubs, installs }, value: 20 + 0.0003 * hubs + 0.033 * installs }
    })
    const fit = fitLoadModel(rows, ['hubs', 'installs'])
    if (!fit.ok) throw new Error(fit.reason)
    expect(fit.value.coefficients.hubs).toBeCloseTo(0.0003, 7)
    expect(fit.value.coefficients.installs).toBeCloseTo(0.033, 6)
    expect(fit.value.base).toBeCloseTo(20, 2)
    expect(fit.value.r2).toBeCloseTo(1, 6)
  })

  it('predictLoad() adds base and coefficient × driver, ignoring missing drivers', () => {
    expect(predictLoad({ base: 5, drivers: { a: 2, b: 3 } }, { a: 10 })).toBe(25)
  })
})

describe('parseDriverForecastCsv()', () => {
  it('parseDriverForecastCsv() reads rows when the file is valid', () => {
    const parsed = parseDriverForecastCsv('date,driver,value\n2025-04-01,installs,1000\n2025-04-02,installs,1200\n', 'dcc.csv')
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { date: '2025-04-01', driver: 'installs', value: 1000 },
        { date: '2025-04-02', driver: 'installs', value: 1200 },
      ],
    })
  })

  it('parseDriverForecastCsv() names file, line and field for every bad row', () => {
    const parsed = parseDriverForecastCsv(
      'date,driver,value\n2025-13-01,installs,1\n2025-04-02,,x\n2025-04-03,hubs,3\n',
      'dcc.csv',
      ['installs'],
    )
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'dcc.csv:2 date: expected YYYY-MM-DD, got "2025-13-01"',
        'dcc.csv:3 driver: empty',
        'dcc.csv:3 value: expected a number, got "x"',
        'dcc.csv:4 driver: unknown driver "hubs" (known: installs)',
      ],
    })
  })

  it('parseDriverForecastCsv() reports a missing column in the header', () => {
    expect(parseDriverForecastCsv('date,value\n2025-04-01,1\n', 'dcc.csv')).toEqual({
      ok: false,
      errors: ['dcc.csv:1 header: missing column "driver" (expected date,driver,value)'],
    })
  })
})

describe('projectLoad()', () => {
  const rows = [
    { date: '2025-04-02', driver: 'installs', value: 2000 },
    { date: '2025-04-01', driver: 'installs', value: 1000 },
    { date: '2025-04-03', driver: 'installs', value: 4000 },
  ]
  it('projectLoad() turns driver rows into load per date and projectedBreach() finds the first date over the breakpoint', () => {
    const load = projectLoad({ base: 10, drivers: { installs: 0.01 } }, rows)
    expect(load).toEqual([
      { date: '2025-04-01', load: 20 },
      { date: '2025-04-02', load: 30 },
      { date: '2025-04-03', load: 50 },
    ])
    expect(projectedBreach(load, 30).date).toBe('2025-04-02')
    expect(projectedBreach(load, 60)).toEqual({
      date: null,
      reason: 'projected load peaks at 50.0, below the breakpoint 60, up to 2025-04-03',
    })
  })
})
