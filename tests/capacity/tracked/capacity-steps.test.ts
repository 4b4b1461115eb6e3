import { describe, expect, it } from 'vitest'
import { breakpointOn, breakpointSchedule, raiseBindingLimit } from '../../../server/capacity/tracked/capacity-steps.ts'
import { applyDeliveries } from '../../../server/capacity/tracked/deliveries.ts'
import type { TrackedUpgrade } from '../../../server/capacity/tracked/upgrade-states.ts'
import { effectiveLimit } from '../../../server/capacity/limits/limits.ts'
import { metricSchema } from '../../../server/config/schema.ts'
import { estate as parseEstate } from '../fixtures.ts'

// GGSN North as in config/estate.yaml: the licence (3.5M) binds before the
// memory ceiling measured on a half-size rig (2.1M / 0.5 = 4.2M live).
const ggsn = metricSchema.parse({
  id: 'pdp-contexts',
  name: 'PDP',
  kind: 'concurrency',
  unit: 'contexts',
  leadTimeDays: 21,
  limits: [
    { name: 'PDP context licence', value: 3_500_000, evidence: { source: 'vendor', date: '2026-06-30' } },
    {
      name: 'Node memory ceiling',
      value: 2_100_000,
      evidence: { source: 'perf-test', date: '2024-11-20', environmentScale: 0.5 },
    },
  ],
  upgrades: [{ name: 'PDP licence +1M', adds: 1_000_000, leadTimeDays: 21 }],
})

describe('raiseBindingLimit()', () => {
  it.each([
    { adds: 500_000, breakpoint: 4_000_000, binding: 'PDP context licence' },
    // +1M would take the licence to 4.5M, past the memory ceiling, which then binds at 4.2M.
    { adds: 1_000_000, breakpoint: 4_200_000, binding: 'Node memory ceiling' },
  ])('raiseBindingLimit() gives breakpoint $breakpoint when the licence gains $adds', ({ adds, breakpoint, binding }) => {
    const raised = raiseBindingLimit(ggsn, adds)
    expect(effectiveLimit(raised).value).toBe(breakpoint)
    expect(effectiveLimit(raised).name).toBe(binding)
  })

  it('raiseBindingLimit() keeps a scaled limit scaled: +1M live on the half-size ceiling is +0.5M measured', () => {
    const memoryBinds = metricSchema.parse({ ...ggsn, limits: [ggsn.limits[1]] })
    const raised = raiseBindingLimit(memoryBinds, 1_000_000)
    expect(raised.limits[0]?.value).toBe(2_600_000)
    expect(effectiveLimit(raised).value).toBe(5_200_000)
  })
})

describe('breakpointSchedule() and breakpointOn()', () => {
  const schedule = breakpointSchedule(ggsn, [
    { id: 'b', name: 'second', adds: 200_000, from: '2026-12-10' },
    { id: 'a', name: 'first', adds: 300_000, from: '2026-12-01' },
  ])
  it.each([
    { date: '2026-11-30', breakpoint: 3_500_000 },
    { date: '2026-12-01', breakpoint: 3_800_000 },
    { date: '2026-12-09', breakpoint: 3_800_000 },
    { date: '2026-12-10', breakpoint: 4_000_000 },
  ])('breakpointOn() is $breakpoint on $date', ({ date, breakpoint }) => {
    expect(breakpointOn(schedule, date)).toBe(breakpoint)
  })
})

describe('applyDeliveries()', () => {
  const estate = parseEstate({ name: 't', applications: [{ id: 'ggsn-north', name: 'GGSN North', metrics: [ggsn] }] })
  const delivered: TrackedUpgrade = {
    id: 'ggsn-north.pdp-contexts.pdp-licence-plus-1m',
    app: 'ggsn-north',
    metric: 'pdp-contexts',
    option: 'PDP licence +1M',
    adds: 500_000,
    leadTimeDays: 21,
    cost: null,
    state: 'delivered',
    owner: 'Ann',
    reference: 'PO-4711',
    expectedDelivery: '2026-11-20',
    orderedOn: '2026-11-01',
    deliveredOn: '2026-11-18',
    evidence: { source: 'vendor', date: '2026-11-18', note: 'key installed' },
    note: null,
    updatedAt: '2026-11-18T10:00:00Z',
    updatedBy: 'ops',
  }

  it('applyDeliveries() raises the binding limit and makes the delivery its evidence (source, date)', () => {
    const { estate: next, deliveries } = applyDeliveries(estate, [delivered])
    const limit = effectiveLimit(next.applications[0]!.metrics[0]!)
    expect(limit.value).toBe(4_000_000)
    expect(limit.limit.evidence).toEqual({
      source: 'vendor',
      date: '2026-11-18',
      note: 'upgrade "PDP licence +1M" +500000 delivered 2026-11-18 (PO-4711): key installed',
    })
    expect(deliveries.map((d) => d.status)).toEqual(['applied'])
    // The configured estate is not changed in place.
    expect(effectiveLimit(estate.applications[0]!.metrics[0]!).value).toBe(3_500_000)
  })

  it('applyDeliveries() stops adding a delivery once estate.yaml has evidence as new as it', () => {
    const { estate: next, deliveries } = applyDeliveries(estate, [{ ...delivered, deliveredOn: '2026-06-30' }])
    expect(effectiveLimit(next.applications[0]!.metrics[0]!).value).toBe(3_500_000)
    expect(deliveries[0]?.status).toBe('absorbed')
  })

  it('applyDeliveries() ignores upgrades that are not delivered', () => {
    const { estate: next } = applyDeliveries(estate, [{ ...delivered, state: 'ordered' }])
    expect(next).toBe(estate)
  })
})
