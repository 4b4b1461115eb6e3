// Chain N-1 and DR reserves on the example estate, with peaks chosen so the
// sums are easy: GGSN throughput North 30 of 80, South 20 of 60 Mbit/s;
// SM2M messages 2000 of 3400 msg/s (four nodes of 850).
import { describe, expect, it } from 'vitest'
import { computeResilience } from '../../../server/capacity/resilience/resilience.ts'
import { DAY_MS, isoDay } from '../../../server/capacity/forecast/types.ts'
import { exampleEstate, lookupOf } from './support.ts'

const now = new Date('2026-11-02T12:00:00Z')
const estate = exampleEstate()
// Every step of every chain gets a peak at half its breakpoint unless set below.
const half: Record<string, number> = {}
for (const app of estate.applications)
  for (const m of app.metrics)
    half[`${app.id}/${m.id}`] =
      m.limits.reduce((min, l) => Math.min(min, l.value / (l.evidence.environmentScale ?? 1)), Infinity) / 2
const peaks = {
  ...half,
  'ggsn-north/throughput-mbps': 30,
  'ggsn-south/throughput-mbps': 20,
  'sm2m/messages-per-second': 2000,
  'ggsn-north/pdp-contexts': 1_300_000,
  'ggsn-south/pdp-contexts': 1_300_000,
}

describe('chain N-1', () => {
  const result = computeResilience(estate, lookupOf(estate, peaks), now)
  const install = result.chains.find((c) => c.chain === 'install-and-commission')

  it('chainResilience() uses each grouped step’s group N-1 headroom in chain transactions/s', () => {
    expect(install?.groups.sort()).toEqual(['ggsn-throughput', 'sm2m-nodes'])
    // GGSN throughput with North (80) lost: 60 left for 50 → 10 Mbit/s, / fanOut 14.4 = 0.694 tps.
    // SM2M with one node lost: 2550 − 2000 = 550 msg/s, / fanOut 119 = 4.62 tps.
    // Every other step is at half its breakpoint, e.g. DMM commands 80/2 = 40 / 72 = 0.56 tps.
    expect(install?.bottleneckKey).toBe('dmm/commands-per-second')
    expect(install?.spareTps).toBeCloseTo(40 / 72, 9)
  })

  it('chainResilience() moves the bottleneck to the GGSN when its N-1 headroom is the least', () => {
    const tight = computeResilience(
      estate,
      lookupOf(estate, { ...peaks, 'ggsn-north/throughput-mbps': 35, 'ggsn-south/throughput-mbps': 20 }),
      now,
    )
    const chain = tight.chains.find((c) => c.chain === 'install-and-commission')
    // 60 left for 55: 5 Mbit/s / 14.4 = 0.347 tps, below DMM's 0.556.
    expect(chain?.bottleneckKey).toBe('ggsn-north/throughput-mbps')
    expect(chain?.spareTps).toBeCloseTo(5 / 14.4, 9)
    expect(chain?.headroomFraction).toBeCloseTo(5 / 60, 9)
    expect(chain?.rag).toBe('red')
  })
})

describe('DR reserves', () => {
  it('reserveResilience() says how much of a group’s N-1 shortfall a reserve fills', () => {
    const over = { ...peaks, 'ggsn-north/pdp-contexts': 1_900_000, 'ggsn-south/pdp-contexts': 1_900_000 }
    const pool = computeResilience(estate, lookupOf(estate, over), now).reserves.find((r) => r.id === 'dr-ggsn-licence-pool')
    // N-1 shortfall 3.8M − 3.0M = 0.8M; the 1M pool covers it with 0.2M to spare.
    expect(pool?.n1Shortfall).toBe(800_000)
    expect(pool?.text).toContain('covers the N-1 shortfall of 800k contexts with 200k to spare')
    expect(pool?.absorbsFractionOfPeak).toBeCloseTo(1 / 3.8, 12)
  })

  it('reserveResilience() says how far a metric reserve pushes the P90 breach and how much N-1 it buys', () => {
    // SM2M P90 grows 20 msg/s a day from 2000: reaches 3400 on day 70; with the DR pair (+1700 = 5100) beyond the 90-day horizon.
    const band = Array.from({ length: 90 }, (_, i) => ({
      date: isoDay(Date.parse('2026-11-02') + (i + 1) * DAY_MS),
      p50: 1990 + 20 * (i + 1),
      p90: 2000 + 20 * (i + 1),
    }))
    const lookup = lookupOf(estate, peaks, { 'sm2m/messages-per-second': band })
    const base = lookup('sm2m/messages-per-second')!
    const withBreach = (key: string) =>
      key === 'sm2m/messages-per-second' ? { ...base, p90Breach: { date: '2027-01-11', days: 70 } } : lookup(key)
    const pair = computeResilience(estate, withBreach, now).reserves.find((r) => r.id === 'dr-sm2m-pair')
    expect(pair?.p90BreachWithout).toBe('2027-01-11')
    expect(pair?.p90BreachWith).toBeNull()
    // Spread like the four nodes' shares: 5100 × 0.75 = 3825 left with one node lost, 1275 more than 2550.
    expect(pair?.n1Covered).toBeCloseTo(1275, 9)
    expect(pair?.n1Shortfall).toBe(0)
    expect(pair?.text).toContain('P90 breach moves from 2027-01-11 to beyond the horizon')
  })
})
