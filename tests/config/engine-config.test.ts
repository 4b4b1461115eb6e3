// config/engine.yaml and config/scenarios.yaml through loadConfig(): defaults
// when absent, every problem with file:line and path when wrong, and the
// references (drivers, apps, metrics, upgrade names) checked against the estate.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')

async function problems(dir: string): Promise<string[]> {
  const error = await loadConfig(join(fixtures, dir)).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ConfigError)
  return (error as ConfigError).problems.map(formatProblem)
}

async function expected(dir: string): Promise<string[]> {
  return (await readFile(join(fixtures, dir, 'expected.txt'), 'utf8')).trim().split('\n')
}

describe('loadConfig() engine and scenarios', () => {
  it('loadConfig() applies engine defaults and no scenarios when neither file exists', async () => {
    const config = await loadConfig(join(fixtures, 'good'))
    expect(config.engine.settings.safetyBufferDays).toBe(14)
    expect(config.engine.settings.peak).toEqual({ method: 'max', windowHours: 1, utcOffsetMinutes: 0 })
    expect(config.engine.legend).toBeUndefined()
    expect(config.scenarios).toEqual([])
  })

  it('loadConfig() reads engine.yaml over the defaults and scenarios.yaml with its references resolved', async () => {
    const config = await loadConfig(join(fixtures, 'engine-good'))
    expect(config.engine.settings.safetyBufferDays).toBe(7)
    expect(config.engine.settings.peak).toEqual({ method: 'p95', windowHours: 2, utcOffsetMinutes: 0 })
    expect(config.engine.settings.forecast.horizonDays).toBe(90)
    expect(config.engine.settings.forecast.minHistoryDays).toBe(14)
    expect(config.engine.legend).toEqual({ red: 'Order now' })
    expect(config.scenarios.map((s) => s.id)).toEqual(['installs-x3', 'gw-half'])
    expect(config.scenarios[1]?.upgrades).toEqual([{ app: 'gw', metric: 'tps', upgrade: 'Licence +50', from: '2026-12-01' }])
  })

  it('loadConfig() lists every schema problem of engine.yaml and scenarios.yaml with file:line and path', async () => {
    expect(await problems('engine-bad')).toEqual(await expected('engine-bad'))
  })

  it('loadConfig() names unknown drivers, apps, metrics, upgrades and duplicate ids in scenarios.yaml', async () => {
    expect(await problems('engine-bad-refs')).toEqual(await expected('engine-bad-refs'))
  })

  it('loadConfig() accepts the example engine.yaml and scenarios.yaml with the two required scenarios', async () => {
    const config = await loadConfig(join(import.meta.dirname, '..', '..', 'config'))
    const ids = config.scenarios.map((s) => s.id)
    expect(ids).toEqual(expect.arrayContaining(['installs-x3-peak', 'ggsn-site-lost']))
    expect(config.scenarios.find((s) => s.id === 'installs-x3-peak')?.spike).toEqual({
      drivers: ['installs'],
      factor: 3,
      hours: 2,
    })
  })
})
