import { describe, expect, it } from 'vitest'
import {
  actionsFrom,
  moveUpgrade,
  upgradeId,
  type TrackedUpgrade,
  type UpgradeCommand,
} from '../../../server/capacity/tracked/upgrade-states.ts'

const now = new Date('2026-11-02T10:00:00Z')
const option = { name: 'PDP licence +1M', adds: 1_000_000, leadTimeDays: 21, cost: 180_000 }
const target = { app: 'ggsn-north', metric: 'pdp-contexts', option }
const ctx = { now, actor: 'ops-ann' }

function run(commands: UpgradeCommand[]): TrackedUpgrade {
  let current: TrackedUpgrade | null = null
  for (const c of commands) {
    const r = moveUpgrade(current, target, c, ctx)
    if (!r.ok) throw new Error(r.reason)
    current = r.value
  }
  return current as TrackedUpgrade
}

const order: UpgradeCommand = { action: 'order', owner: 'Ann', reference: 'PO-4711', expectedDelivery: '2026-11-20' }

describe('moveUpgrade()', () => {
  it('moveUpgrade() walks proposed → approved → ordered → delivered and keeps what each step recorded', () => {
    const proposed = run([{ action: 'propose' }])
    expect(proposed).toMatchObject({
      id: 'ggsn-north.pdp-contexts.pdp-licence-plus-1m',
      state: 'proposed',
      adds: 1_000_000,
      cost: 180_000,
    })
    const ordered = run([{ action: 'propose' }, { action: 'approve' }, order])
    expect(ordered).toMatchObject({
      state: 'ordered',
      owner: 'Ann',
      reference: 'PO-4711',
      expectedDelivery: '2026-11-20',
      orderedOn: '2026-11-02',
    })
    const delivered = run([
      { action: 'propose' },
      { action: 'approve' },
      order,
      { action: 'deliver', deliveredOn: '2026-11-01', source: 'vendor', note: 'licence key installed' },
    ])
    expect(delivered).toMatchObject({
      state: 'delivered',
      deliveredOn: '2026-11-01',
      evidence: { source: 'vendor', date: '2026-11-01', note: 'licence key installed' },
      updatedBy: 'ops-ann',
      updatedAt: now.toISOString(),
    })
  })

  it.each([
    {
      scenario: 'ordering a proposal that was never approved',
      commands: [{ action: 'propose' }, order],
      reason: /cannot order "PDP licence \+1M": it is proposed; possible now: approve, cancel/,
    },
    {
      scenario: 'approving something not in the pipeline',
      commands: [{ action: 'approve' }],
      reason: /it is not in the pipeline yet; possible now: propose/,
    },
    {
      scenario: 'delivering a cancelled upgrade',
      commands: [{ action: 'propose' }, { action: 'cancel' }, { action: 'deliver' }],
      reason: /it is cancelled; possible now: propose/,
    },
    {
      scenario: 'an order without a reference',
      commands: [{ action: 'propose' }, { action: 'approve' }, { ...order, reference: ' ' }],
      reason: /needs a reference/,
    },
    {
      scenario: 'an order without an owner',
      commands: [{ action: 'propose' }, { action: 'approve' }, { ...order, owner: '' }],
      reason: /needs an owner/,
    },
    {
      scenario: 'an impossible delivery date',
      commands: [{ action: 'propose' }, { action: 'approve' }, { ...order, expectedDelivery: '2026-02-30' }],
      reason: /expectedDelivery must be a date like 2026-12-01; got "2026-02-30"/,
    },
    {
      scenario: 'a delivery in the future',
      commands: [{ action: 'propose' }, { action: 'approve' }, order, { action: 'deliver', deliveredOn: '2026-11-03' }],
      reason: /in the future/,
    },
    {
      scenario: 'a delivered upgrade moved again',
      commands: [{ action: 'propose' }, { action: 'approve' }, order, { action: 'deliver' }, { action: 'cancel' }],
      reason: /it is delivered; possible now: nothing \(final state\)/,
    },
  ] as { scenario: string; commands: UpgradeCommand[]; reason: RegExp }[])(
    'moveUpgrade() refuses $scenario',
    ({ commands, reason }) => {
      expect(() => run(commands)).toThrow(reason)
    },
  )

  it('moveUpgrade() reschedules an order and lets a cancelled option be proposed again', () => {
    const moved = run([
      { action: 'propose' },
      { action: 'approve' },
      order,
      { action: 'reschedule', expectedDelivery: '2026-12-15', note: 'supplier slipped' },
    ])
    expect(moved).toMatchObject({
      state: 'ordered',
      expectedDelivery: '2026-12-15',
      reference: 'PO-4711',
      note: 'supplier slipped',
    })
    expect(run([{ action: 'propose' }, { action: 'cancel', note: 'budget' }, { action: 'propose' }]).state).toBe('proposed')
  })

  it('actionsFrom() lists the moves open in each state', () => {
    expect(actionsFrom(null)).toEqual(['propose'])
    expect(actionsFrom('ordered')).toEqual(['reschedule', 'deliver', 'cancel'])
    expect(actionsFrom('delivered')).toEqual([])
  })

  it('upgradeId() is the same for the same option and differs per metric', () => {
    expect(upgradeId('a', 'm', 'Licence uplift to 450 TPS')).toBe('a.m.licence-uplift-to-450-tps')
    expect(upgradeId('a', 'n', 'Licence uplift to 450 TPS')).not.toBe(upgradeId('a', 'm', 'Licence uplift to 450 TPS'))
  })
})
