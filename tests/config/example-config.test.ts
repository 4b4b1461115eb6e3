import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'

describe('the example estate in config/', () => {
  it('loadConfig() accepts it as shipped', async () => {
    const config = await loadConfig(join(import.meta.dirname, '..', '..', 'config'))
    expect(config.estate.applications.length).toBeGreaterThanOrEqual(8)
    expect(config.estate.chains.length).toBeGreaterThanOrEqual(3)
    expect(config.collectors.collectors.some((c) => c.type === 'simulator')).toBe(true)
  })
})
