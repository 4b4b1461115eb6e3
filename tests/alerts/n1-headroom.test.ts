// The n1-headroom condition over real resilience figures: the example
// estate's GGSN sites (3.5M + 3.0M PDP contexts; N-1 leaves 3.0M) at three
// loads, judged against `below: 0` with the 3-point hysteresis band.
import { describe, expect, it } from 'vitest'
import { observe } from '../../server/alerts/evaluation/evaluate.ts'
import { computeResilience } from '../../server/capacity/resilience/resilience.ts'
import type { CapacitySnapshot } from '../../server/capacity/snapshot/types.ts'
import { exampleEstate, lookupOf } from '../capacity/resilience/support.ts'
import { context, rule, snapshot, T0 } from './support.ts'

const example = exampleEstate()

function withN1(northPlusSouth: number): CapacitySnapshot {
  const half = northPlusSouth / 2
  const resilience = computeResilience(
    example,
    lookupOf(example, { 'ggsn-north/pdp-contexts': half, 'ggsn-south/pdp-contexts': half }),
    T0,
  )
  const base = snapshot({})
  return {
    ...base,
    engine: {
      generatedAt: T0.toISOString(),
      legend: [],
      ragRule: '',
      topUpgrades: [],
      pending: 0,
      staleEvidence: 0,
      contradictedLimits: 0,
      resilience,
    },
  }
}

describe('n1-headroom condition', () => {
  const r = rule({ alert: 'N1', condition: { type: 'n1-headroom', below: 0 } })
  it.each([
    { scenario: 'the survivors cannot carry the load (3.8M on 3.0M)', load: 3_800_000, expected: 'firing' },
    { scenario: 'N-1 headroom is inside the hysteresis band (2.95M: 1.7 %)', load: 2_950_000, expected: 'holding' },
    { scenario: 'N-1 headroom is comfortable (2.4M: 20 %)', load: 2_400_000, expected: 'clear' },
  ])('n1-headroom() is $expected when $scenario', ({ load, expected }) => {
    const found = observe(r, context(withN1(load))).find((o) => o.labels.group === 'ggsn-pdp-contexts')
    expect(found?.status).toBe(expected)
  })

  it('n1-headroom() names the lost unit and the figures in its summary', () => {
    const found = observe(r, context(withN1(3_800_000))).find((o) => o.labels.group === 'ggsn-pdp-contexts')
    expect(found?.annotations.summary).toBe(
      'GGSN PDP contexts, both sites: with North site lost, -27 % headroom is left (3,800,000 of 3,000,000 contexts; threshold 0 %); N-1 breach 2026-03-02',
    )
  })

  it('n1-headroom() says nothing before the engine has run', () => {
    expect(observe(r, context(snapshot({})))).toEqual([])
  })
})
