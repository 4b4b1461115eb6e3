// `headroom example`: the generated estate has exactly N metrics, loads
// without a problem, and its chains only name metrics that exist.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { writeExample } from '../../server/cli/example.ts'
import { generateExampleEstate } from '../../server/cli/example-estate.ts'
import { loadConfig } from '../../server/config/load.ts'

const root = join(import.meta.dirname, '..', '..')
const example = parse(readFileSync(join(root, 'config', 'estate.yaml'), 'utf8')) as Record<string, unknown>
const dir = mkdtempSync(join(tmpdir(), 'headroom-example-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('headroom example', () => {
  it.each([7, 28, 100, 1000])('generateExampleEstate() gives exactly %i metrics with unique ids', (n) => {
    const g = generateExampleEstate(example, { metrics: n })
    const apps = g.estate.applications as { id: string; metrics: { id: string }[] }[]
    expect(apps.reduce((s, a) => s + a.metrics.length, 0)).toBe(n)
    expect(new Set(apps.map((a) => a.id)).size).toBe(apps.length)
    const known = new Set(apps.flatMap((a) => a.metrics.map((m) => `${a.id}/${m.id}`)))
    for (const chain of g.estate.chains as { steps: { app: string; metric: string }[] }[])
      for (const s of chain.steps) expect(known.has(`${s.app}/${s.metric}`)).toBe(true)
  })

  it('generateExampleEstate() varies the limits between regions when it copies the example', () => {
    const g = generateExampleEstate(example, { metrics: 300 })
    const apps = g.estate.applications as { id: string; metrics: { limits: { value: number }[] }[] }[]
    const firstLimit = (id: string) => apps.find((a) => a.id === id)?.metrics[0]?.limits[0]?.value
    const values = new Set(['sm2m', 'sm2m-r2', 'sm2m-r3', 'sm2m-r4'].map(firstLimit))
    expect(values.size).toBe(4)
  })

  it('writeExample() writes a config folder that loads with N metrics, chains and drivers', async () => {
    const out = join(dir, 'estate-500')
    const summary = await writeExample(root, { metrics: 500, out })
    const config = await loadConfig(out)
    expect(config.estate.applications.reduce((s, a) => s + a.metrics.length, 0)).toBe(500)
    expect(config.estate.chains.length).toBeGreaterThan(10)
    expect(config.estate.drivers.map((d) => d.id)).toEqual(['installs', 'active-hubs', 'firmware-pushes'])
    expect(config.collectors.collectors.map((c) => c.type)).toContain('simulator')
    expect(summary).toContain('500 metrics')
  })
})
