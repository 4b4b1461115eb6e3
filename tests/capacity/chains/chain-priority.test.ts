import { describe, expect, it } from 'vitest'
import { bottleneckChains, chainCapacity } from '../../../server/capacity/chains/chain-capacity.ts'
import { pickUpgrade, prioritiseUpgrades, type PriorityInput } from '../../../server/capacity/planning/priority.ts'
import type { ChainConfig } from '../../../server/config/schema.ts'

const chain: ChainConfig = {
  id: 'install',
  name: 'Install',
  steps: [
    { app: 'ggsn', metric: 'tps', fanOut: 1 },
    { app: 'sm2m', metric: 'tps', fanOut: 2 },
    { app: 'dmm', metric: 'tps', fanOut: 4 },
  ],
}
// Chain tx/s: ggsn 100 cap / 50 load (spare 50); sm2m 100 cap / 70 load (spare 30); dmm 80 cap / 60 load (spare 20)
const loads: Record<string, { breakpoint: number; peak: number | null }> = {
  'ggsn/tps': { breakpoint: 100, peak: 50 },
  'sm2m/tps': { breakpoint: 200, peak: 140 },
  'dmm/tps': { breakpoint: 320, peak: 240 },
}
const lookup = (app: string, metric: string) => loads[`${app}/${metric}`]

describe('chainCapacity()', () => {
  it('chainCapacity() finds dmm as bottleneck and sm2m next when dmm gets a 100-unit upgrade', () => {
    const c = chainCapacity(chain, lookup, (app) => (app === 'dmm' ? { name: 'dmm node', adds: 100 } : null))
    expect(c.bottleneck).toBe(2)
    expect(c.spare).toBe(20)
    expect(c.capacity).toBe(80)
    expect(c.next).toEqual({ upgrade: 'dmm node', bottleneck: 1, spare: 30, gain: 10 })
    expect(c.reason).toMatch(/moves to sm2m\/tps/)
  })

  it('chainCapacity() keeps the bottleneck when the upgrade is too small to pass the next step', () => {
    const c = chainCapacity(chain, lookup, () => ({ name: 'small', adds: 20 }))
    expect(c.next?.bottleneck).toBe(2)
    expect(c.next?.spare).toBe(25)
    expect(c.reason).toMatch(/still the bottleneck/)
  })

  it('chainCapacity() has no bottleneck when no step has a peak', () => {
    const c = chainCapacity(chain, (app, metric) => ({ breakpoint: lookup(app, metric)!.breakpoint, peak: null }))
    expect(c.bottleneck).toBeNull()
    expect(c.reason).toMatch(/no step has a peak/)
  })

  it('bottleneckChains() counts each chain under its bottleneck metric', () => {
    const a = chainCapacity(chain, lookup)
    const b = chainCapacity({ ...chain, id: 'firmware' }, lookup)
    expect(bottleneckChains([a, b]).get('dmm/tps')).toEqual(['install', 'firmware'])
  })
})

const row = (app: string, slackDays: number | null, chains: string[], cost?: number): PriorityInput => ({
  app,
  metric: 'tps',
  slackDays,
  orderBy: slackDays === null ? null : '2025-04-01',
  p90Breach: null,
  upgrade: { name: `${app} upgrade`, adds: 10, leadTimeDays: 30, ...(cost === undefined ? {} : { cost }) },
  chains,
})

describe('prioritiseUpgrades()', () => {
  it('prioritiseUpgrades() orders by slack, then chains, then cost per unit, and says why', () => {
    const ranked = prioritiseUpgrades([
      row('none', null, []),
      row('cheap', 10, ['install'], 100),
      row('dear', 10, ['install'], 500),
      row('late', -5, []),
      row('shared', 10, ['install', 'firmware'], 900),
    ])
    expect(ranked.map((r) => r.app)).toEqual(['late', 'shared', 'cheap', 'dear', 'none'])
    expect(ranked[0]?.why).toMatch(/5 days late/)
    expect(ranked[1]?.why).toMatch(/ahead of cheap\/tps \(same slack\) because it bottlenecks more chains/)
    expect(ranked[2]?.why).toMatch(/ahead of dear\/tps .* cheaper per unit/)
    expect(ranked[2]?.costPerUnit).toBe(10)
    expect(ranked[4]?.why).toMatch(/no breach forecast/)
  })

  it('pickUpgrade() picks the cheapest per unit and puts unpriced options last', () => {
    expect(
      pickUpgrade([
        { name: 'unpriced', adds: 1000, leadTimeDays: 1 },
        { name: 'big', adds: 100, leadTimeDays: 90, cost: 1000 },
        { name: 'small', adds: 10, leadTimeDays: 30, cost: 500 },
      ])?.name,
    ).toBe('big')
  })
})
