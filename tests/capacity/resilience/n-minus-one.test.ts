// N-1: headroom with the largest unit lost. The GGSN figures are the example
// estate's own: North binds at its 3.5M licence (its memory ceiling, 2.1M on
// a half-size rig, is 4.2M live), South at its 3.0M licence.
import { describe, expect, it } from 'vitest'
import { headroomWithLargestLost, largestUnit } from '../../../server/capacity/resilience/n-minus-one.ts'
import { computeResilience } from '../../../server/capacity/resilience/resilience.ts'
import { DAY_MS, isoDay } from '../../../server/capacity/forecast/types.ts'
import { exampleEstate, lookupOf } from './support.ts'

const now = new Date('2026-11-02T12:00:00Z')
const estate = exampleEstate()

describe('largestUnit() and headroomWithLargestLost()', () => {
  it.each([
    { scenario: 'the largest is in the middle', caps: [10, 30, 20], lost: 'u1', left: 30 },
    { scenario: 'the largest is last', caps: [5, 6, 7], lost: 'u2', left: 11 },
    { scenario: 'two are equal (the first of them goes)', caps: [30, 10, 30], lost: 'u0', left: 40 },
    { scenario: 'four equal nodes', caps: [850, 850, 850, 850], lost: 'u0', left: 2550 },
  ])('headroomWithLargestLost() removes $lost when $scenario', ({ caps, lost, left }) => {
    const units = caps.map((capacity, i) => ({ name: `u${i}`, capacity }))
    expect(units[largestUnit(units)]?.name).toBe(lost)
    const n1 = headroomWithLargestLost(units, 25)
    expect(n1.lost).toBe(lost)
    expect(n1.lostCapacity).toBe(Math.max(...caps))
    expect(n1.capacity).toBe(left)
    expect(n1.headroom).toBe(left - 25)
  })

  it('largestUnit() refuses a single unit: losing it is an outage, not N-1', () => {
    expect(() => largestUnit([{ name: 'only', capacity: 1 }])).toThrow(/at least two units/)
  })
})

describe('computeResilience() on the example GGSN sites', () => {
  const peaks = { 'ggsn-north/pdp-contexts': 1_900_000, 'ggsn-south/pdp-contexts': 1_900_000 }

  it('computeResilience() gives the GGSN PDP N-1 headroom of the hand calculation', () => {
    const group = computeResilience(estate, lookupOf(estate, peaks), now).groups.find((g) => g.id === 'ggsn-pdp-contexts')
    // By hand: capacity 3.5M + 3.0M = 6.5M, load 1.9M + 1.9M = 3.8M.
    // Lose the largest (North, 3.5M): 3.0M left, headroom 3.0M − 3.8M = −0.8M, −0.8/3.0 = −26.7 %.
    expect(group?.units.map((u) => [u.name, u.capacity])).toEqual([
      ['North site', 3_500_000],
      ['South site', 3_000_000],
    ])
    expect(group?.normal).toMatchObject({ capacity: 6_500_000, load: 3_800_000, headroom: 2_700_000 })
    expect(group?.normal.headroomFraction).toBeCloseTo(2.7 / 6.5, 12)
    expect(group?.n1.lost).toBe('North site')
    expect(group?.n1.capacity).toBe(3_000_000)
    expect(group?.n1.headroom).toBe(-800_000)
    expect(group?.n1.headroomFraction).toBeCloseTo(-0.8 / 3.0, 12)
    expect(group?.rag).toBe('red')
    // Already over what survives: the N-1 breach is today.
    expect(group?.p90Breach).toEqual({ date: '2026-11-02', days: 0 })
  })

  it('computeResilience() removes the South site once South is the larger one', () => {
    const bigger = {
      ...estate,
      applications: estate.applications.map((a) =>
        a.id !== 'ggsn-south'
          ? a
          : {
              ...a,
              metrics: a.metrics.map((m) =>
                m.id !== 'pdp-contexts' ? m : { ...m, limits: [{ ...m.limits[0]!, value: 4_000_000 }] },
              ),
            },
      ),
    }
    const group = computeResilience(bigger, lookupOf(bigger, peaks), now).groups.find((g) => g.id === 'ggsn-pdp-contexts')
    expect(group?.n1.lost).toBe('South site')
    expect(group?.n1.capacity).toBe(3_500_000)
    expect(group?.n1.headroom).toBe(-300_000)
  })

  it('computeResilience() dates the N-1 breach from the summed site forecasts', () => {
    // Each site's P90 grows 20k a day from 1.3M: the sum reaches the 3.0M left on day d when 2.6M + 40k·d ≥ 3.0M, d = 10.
    const band = Array.from({ length: 60 }, (_, i) => ({
      date: isoDay(Date.parse('2026-11-02') + (i + 1) * DAY_MS),
      p50: 1_250_000 + 20_000 * (i + 1),
      p90: 1_300_000 + 20_000 * (i + 1),
    }))
    const low = { 'ggsn-north/pdp-contexts': 1_300_000, 'ggsn-south/pdp-contexts': 1_300_000 }
    const lookup = lookupOf(estate, low, { 'ggsn-north/pdp-contexts': band, 'ggsn-south/pdp-contexts': band })
    const group = computeResilience(estate, lookup, now).groups.find((g) => g.id === 'ggsn-pdp-contexts')
    expect(group?.p90Breach).toEqual({ date: '2026-11-12', days: 10 })
    // P50: 2.5M + 40k·d ≥ 3.0M at d = 12.5, so day 13.
    expect(group?.p50Breach?.date).toBe('2026-11-15')
    // Today 2.6M of the 3.0M left: 86.7 %, past the 85 % critical threshold.
    expect(group?.rag).toBe('red')
  })

  it('computeResilience() gives the SM2M nodes three quarters of the breakpoint when one of four equal nodes is lost', () => {
    const sm2m = computeResilience(estate, lookupOf(estate, { 'sm2m/messages-per-second': 2000 }), now).groups.find(
      (g) => g.id === 'sm2m-nodes',
    )
    // 1700 msg/s on a half-size rig = 3400 live; each node 850; N-1 = 2550.
    expect(sm2m?.shape).toBe('nodes')
    expect(sm2m?.n1.capacity).toBe(2550)
    expect(sm2m?.n1.headroom).toBe(550)
    expect(sm2m?.n1.lost).toBe('node-1')
  })
})
