import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')

describe('loadConfig()', () => {
  it('loads a valid config with defaults applied', async () => {
    const config = await loadConfig(join(fixtures, 'good'))
    expect(config.estate.applications.map((a) => a.id)).toEqual(['gw', 'db'])
    expect(config.estate.defaults).toEqual({ warn: 0.7, critical: 0.85, evidenceMaxAgeDays: 365 })
    expect(config.estate.chains[0]?.steps[0]?.fanOut).toBe(1)
    expect(config.server.auth.tokens).toEqual([])
  })

  it('lists every problem with file:line and path when the config is broken', async () => {
    const expected = (await readFile(join(fixtures, 'bad', 'expected.txt'), 'utf8')).trim().split('\n')
    const error = await loadConfig(join(fixtures, 'bad')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    const lines = (error as ConfigError).problems.map(formatProblem)
    expect(lines).toEqual(expected)
  })

  it('names the missing file when a config dir is empty', async () => {
    const error = await loadConfig(join(fixtures, 'does-not-exist')).catch((e: unknown) => e)
    expect((error as ConfigError).problems.map(formatProblem)).toEqual([
      `estate.yaml file not found in ${join(fixtures, 'does-not-exist')} (it is required)`,
      `collectors.yaml file not found in ${join(fixtures, 'does-not-exist')} (it is required)`,
    ])
  })
})
