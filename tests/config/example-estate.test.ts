import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { collectorsFileSchema, estateSchema } from '../../server/config/schema.ts'
import { validateCollectorEntries } from '../../collectors/validate-entries.ts'

const rawEstate: unknown = parse(readFileSync('config/estate.yaml', 'utf8'))
const rawCollectors: unknown = parse(readFileSync('config/collectors.yaml', 'utf8'))

describe('example estate', () => {
  const parsed = estateSchema.safeParse(rawEstate)

  it('config/estate.yaml parses with estateSchema', () => {
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([])
  })

  const estate = parsed.success ? parsed.data : estateSchema.parse({ name: 'x', applications: [] })

  it('config/estate.yaml chain steps all reference an existing application and metric', () => {
    const known = new Set(estate.applications.flatMap((a) => a.metrics.map((m) => `${a.id}/${m.id}`)))
    const missing = estate.chains
      .flatMap((c) => c.steps.map((s) => `${c.id}: ${s.app}/${s.metric}`))
      .filter((k) => !known.has(k.split(': ')[1] ?? ''))
    expect(missing).toEqual([])
    expect(estate.chains.map((c) => c.id)).toEqual(
      expect.arrayContaining(['install-and-commission', 'firmware-upgrade', 'scheduled-meter-read']),
    )
  })

  it('config/estate.yaml load models use only declared drivers and every metric has one', () => {
    const drivers = new Set(estate.drivers.map((d) => d.id))
    expect([...drivers].sort()).toEqual(['active-hubs', 'firmware-pushes', 'installs'])
    for (const app of estate.applications) {
      for (const m of app.metrics) {
        expect(m.model, `${app.id}/${m.id} has no model`).toBeDefined()
        for (const d of Object.keys(m.model?.drivers ?? {}))
          expect(drivers.has(d), `${app.id}/${m.id} uses unknown driver ${d}`).toBe(true)
      }
    }
  })

  it('config/estate.yaml ids are unique and every application has 3-5 metrics', () => {
    const apps = estate.applications.map((a) => a.id)
    expect(new Set(apps).size).toBe(apps.length)
    expect(apps).toEqual(
      expect.arrayContaining([
        'comms-hubs',
        'ggsn-north',
        'ggsn-south',
        'sm2m',
        'dmm',
        'fw-store',
        'ot-oi',
        'monitoring',
        'dcc-interface',
      ]),
    )
    for (const a of estate.applications) {
      expect(a.metrics.length, a.id).toBeGreaterThanOrEqual(3)
      expect(a.metrics.length, a.id).toBeLessThanOrEqual(5)
      expect(new Set(a.metrics.map((m) => m.id)).size, a.id).toBe(a.metrics.length)
    }
  })

  it('config/estate.yaml chain fan-outs match the load-model coefficients of the driver that feeds the chain', () => {
    // fanOut = coefficient (per second per unit/h) x 3600 for the chain's driver.
    const feeds: Record<string, string> = { 'install-and-commission': 'installs', 'firmware-upgrade': 'firmware-pushes' }
    for (const chain of estate.chains) {
      const driver = feeds[chain.id]
      if (!driver) continue
      for (const step of chain.steps) {
        const metric = estate.applications.find((a) => a.id === step.app)?.metrics.find((m) => m.id === step.metric)
        const coef = metric?.model?.drivers[driver] ?? 0
        expect(step.fanOut, `${chain.id} ${step.app}/${step.metric}`).toBeCloseTo(coef * 3600, 0)
      }
    }
  })

  it('config/estate.yaml has a few limits with stale evidence (older than evidenceMaxAgeDays) as of 2026-11-26', () => {
    const now = Date.parse('2026-11-26T00:00:00Z')
    const maxAgeMs = estate.defaults.evidenceMaxAgeDays * 86_400_000
    const limits = estate.applications.flatMap((a) => a.metrics.flatMap((m) => m.limits))
    const stale = limits.filter((l) => now - Date.parse(l.evidence.date) > maxAgeMs)
    expect(stale.length).toBeGreaterThanOrEqual(2)
    expect(stale.length).toBeLessThanOrEqual(4)
    expect(limits.some((l) => now - Date.parse(l.evidence.date) > 600 * 86_400_000)).toBe(true)
  })

  it('config/collectors.yaml parses and its simulator config is valid', () => {
    const file = collectorsFileSchema.parse(rawCollectors)
    expect(file.collectors.map((c) => [c.id, c.type, c.schedule, c.timeout])).toEqual([
      ['sim', 'simulator', '*/5 * * * * *', '5s'],
      ['forecasts', 'csv', '*/15 * * * * *', '2m'],
      ['perf-tests', 'csv', '*/15 * * * * *', '1m'],
      ['sim-perf', 'simulator', '*/15 * * * * *', '5s'],
    ])
    expect(validateCollectorEntries(file.collectors)).toEqual([])
  })
})
