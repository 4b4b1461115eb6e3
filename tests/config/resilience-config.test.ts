// estate.yaml `resilience:` and collectors.yaml `environments:`: every
// mistake reported at once with file:line and path (the expected lines are
// in the fixture, one per mistake in it), and the example config's own.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'
import { environmentScale } from '../../server/config/environments-schema.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')
const repoConfig = join(import.meta.dirname, '..', '..', 'config')

describe('loadConfig() with resilience and environments', () => {
  it('loadConfig() lists every resilience, reserve, upgrade-name and environment mistake with file:line and path', async () => {
    const expected = (await readFile(join(fixtures, 'resilience-bad', 'expected.txt'), 'utf8')).trim().split('\n')
    const error = await loadConfig(join(fixtures, 'resilience-bad')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems.map(formatProblem)).toEqual(expected)
  })

  it('loadConfig() reads the example estate’s GGSN sites, SM2M nodes and DR reserves', async () => {
    const config = await loadConfig(repoConfig)
    const groups = config.estate.resilience?.groups ?? []
    expect(groups.map((g) => g.id)).toEqual(['ggsn-pdp-contexts', 'ggsn-throughput', 'sm2m-nodes'])
    expect(groups[0]?.units.map((u) => u.app)).toEqual(['ggsn-north', 'ggsn-south'])
    expect(config.estate.resilience?.reserves.map((r) => r.id)).toEqual(['dr-sm2m-pair', 'dr-ggsn-licence-pool'])
  })

  it('loadConfig() reads the example perf environment at half of live, OT/OI full size', async () => {
    const config = await loadConfig(repoConfig)
    const perf = config.collectors.environments.find((e) => e.id === 'perf')
    expect(perf).toBeDefined()
    expect(environmentScale(perf!, 'sm2m')).toBe(0.5)
    expect(environmentScale(perf!, 'ot-oi')).toBe(1)
    expect(config.collectors.collectors.filter((c) => c.environment === 'perf').map((c) => c.id)).toEqual(['sim-perf'])
  })
})
