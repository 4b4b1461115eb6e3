// Forecast bounds in estate.yaml: a metric's forecastBounds (min, max) and
// defaults.forecastMaxByKind are validated with file, line and field for
// every bad value, and a valid declaration reaches the engine as the bounds
// its forecasts are kept within.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { forecastBounds } from '../../server/capacity/engine.ts'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'
import { estate, metric } from '../capacity/fixtures.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')

describe('forecastBounds validation', () => {
  it('loadConfig() names the file, line and field of every bad forecast bound', async () => {
    const error = await loadConfig(join(fixtures, 'forecast-bounds-bad')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    const expected = (await readFile(join(fixtures, 'forecast-bounds-bad', 'expected.txt'), 'utf8')).trim().split('\n')
    expect((error as ConfigError).problems.map(formatProblem)).toEqual(expected)
  })

  it('loadConfig() says a bound has the wrong type rather than that it is missing', async () => {
    const error = (await loadConfig(join(fixtures, 'forecast-bounds-bad')).catch((e: unknown) => e)) as ConfigError
    const lines = error.problems.map(formatProblem)
    expect(lines).toContain(
      "estate.yaml:23 applications[0].metrics[1].forecastBounds.min: expected a number, got the string 'zero'",
    )
    expect(lines.some((l) => l.includes('missing'))).toBe(false)
  })

  it('forecastBounds() gives 0..kind maximum by default, the metric’s own bounds when declared, and no lower bound for min: null', () => {
    const e = estate({
      name: 'bounds',
      defaults: { forecastMaxByKind: { utilisation: 1 } },
      applications: [
        {
          id: 'a',
          name: 'a',
          metrics: [
            metric('cpu', 1, { kind: 'utilisation' }),
            metric('disk', 100, { kind: 'storage', forecastBounds: { max: 120 } }),
            metric('balance', 100, { kind: 'storage', forecastBounds: { min: null } }),
          ],
        },
      ],
    })
    const [cpu, disk, balance] = e.applications[0]!.metrics
    expect(forecastBounds(e, cpu!)).toEqual({ lower: 0, upper: 1 })
    expect(forecastBounds(e, disk!)).toEqual({ lower: 0, upper: 120 })
    expect(forecastBounds(e, balance!)).toEqual({ lower: null, upper: null })
  })
})
