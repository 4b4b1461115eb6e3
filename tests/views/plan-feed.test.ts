// The plan feed: each change comes out as a delta that, applied by the
// client's own applyPlanDelta to the plan before it, gives exactly the
// plan GET /api/plan answers after it; a moved rank travels as the ranks
// array, not as rows.
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.ts'
import type { EngineResult } from '../../server/capacity/snapshot/engine-result.ts'
import type { TrackedUpgrade } from '../../server/capacity/tracked/upgrade-states.ts'
import { createPlanFeed, type PlanChange } from '../../server/views/plan-feed.ts'
import type { PlanState } from '../../server/views/plan-responses.ts'
import { applyPlanDelta } from '../../client/src/composables/plan-state.ts'
import { estate as parseEstate, metric } from '../capacity/fixtures.ts'

const ids = ['m1', 'm2', 'm3', 'm4', 'm5']
const estate = parseEstate({
  name: 'feed',
  applications: [
    {
      id: 'a',
      name: 'A',
      metrics: ids.map((id) => metric(id, 100, { upgrades: [{ name: `${id} +50`, adds: 50, leadTimeDays: 30 }] })),
    },
  ],
})

/** The engine's verdict as the plan reads it: the priority order and some P90 breach dates. */
function result(order: string[], breaches: Record<string, string> = {}, generatedAt = '2026-01-01T00:00:00.000Z'): EngineResult {
  return {
    generatedAt,
    metrics: Object.entries(breaches).map(([m, date]) => ({
      key: `a/${m}`,
      p90Breach: { date, days: 10 },
      plan: null,
      upgrade: null,
    })),
    upgrades: order.map((m, i) => ({ app: 'a', metric: m, rank: i + 1 })),
  } as unknown as EngineResult
}

function harness() {
  let engine: EngineResult | null = result(ids)
  let tracked: TrackedUpgrade[] = []
  const planListeners = new Set<() => void>()
  const engineListeners = new Set<() => void>()
  const feed = createPlanFeed({
    estate: () => estate,
    tracked: () => tracked,
    engine: () => engine,
    deliveries: () => [],
    onPlanChange: (l) => (planListeners.add(l), () => planListeners.delete(l)),
    onEngineResult: (l) => (engineListeners.add(l), () => engineListeners.delete(l)),
    log: createLogger('silent'),
  })
  const changes: PlanChange[] = []
  feed.onChange((c) => changes.push(c))
  return {
    feed,
    changes,
    newResult(next: EngineResult) {
      engine = next
      for (const l of engineListeners) l()
    },
    move(next: TrackedUpgrade[]) {
      tracked = next
      for (const l of planListeners) l()
    },
  }
}

/** The held plan with a change's delta applied as the browser applies it. */
function applied(held: PlanState, change: PlanChange): PlanState {
  const next = applyPlanDelta(held, change.delta)
  if (typeof next === 'string') throw new Error(`delta ${change.delta.base} -> ${change.delta.seq} did not apply: ${next}`)
  return next
}

describe('createPlanFeed()', () => {
  it('sends a moved priority as ranks and order, with only the rows whose content changed', async () => {
    const h = harness()
    const first = await h.feed.latest()
    expect(first.rows.map((r) => r.metric)).toEqual(ids)

    // m5 jumps to the top with a new breach date: every other row's rank moves, only m5's content does.
    h.newResult(result(['m5', 'm1', 'm2', 'm3', 'm4'], { m5: '2026-02-01' }))
    const second = await h.feed.latest()
    expect(second.seq).toBeGreaterThan(first.seq)
    expect(h.changes).toHaveLength(1)
    const [change] = h.changes as [PlanChange]
    expect(change.delta.base).toBe(first.seq)
    expect(change.delta.rows.map((r) => r.metric)).toEqual(['m5'])
    expect(change.delta.order).toEqual(second.rows.map((r) => r.id))
    expect(change.delta.ranks).toEqual([1, 2, 3, 4, 5])
    expect(applied(first, change)).toEqual(second)
  })

  it('sends nothing when the engine result changes nothing the plan shows, and no order when only content changed', async () => {
    const h = harness()
    const first = await h.feed.latest()
    h.newResult(result(ids))
    expect(await h.feed.latest()).toEqual(first)
    expect(h.changes).toHaveLength(0)

    h.newResult(result(ids, { m3: '2026-03-03' }))
    const second = await h.feed.latest()
    const [change] = h.changes as [PlanChange]
    expect(change.delta.rows.map((r) => r.metric)).toEqual(['m3'])
    expect(change.delta.order).toBeUndefined()
    expect(change.delta.ranks).toBeUndefined()
    expect(applied(first, change)).toEqual(second)
  })

  it('follows a chain of moves and results, and the client refuses a delta that skips one', async () => {
    const h = harness()
    let held = await h.feed.latest()
    const start = held
    h.move([
      {
        id: held.rows[2]!.id,
        app: 'a',
        metric: 'm3',
        option: 'm3 +50',
        adds: 50,
        leadTimeDays: 30,
        cost: null,
        state: 'ordered',
        owner: 'Ann',
        reference: 'PO-1',
        expectedDelivery: '2026-02-01',
        orderedOn: '2026-01-01',
        deliveredOn: null,
        evidence: null,
        note: null,
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'ann',
      } as TrackedUpgrade,
    ])
    await h.feed.latest()
    h.newResult(result(['m2', 'm1', 'm3', 'm5', 'm4'], { m2: '2026-01-20' }, '2026-01-02T00:00:00.000Z'))
    await h.feed.latest()
    h.newResult(result(['m2', 'm1', 'm3', 'm5', 'm4'], { m2: '2026-01-21' }, '2026-01-03T00:00:00.000Z'))
    const last = await h.feed.latest()
    expect(h.changes).toHaveLength(3)
    for (const change of h.changes) held = applied(held, change)
    expect(held).toEqual(last)
    // The ordered upgrade is listed first, whatever its rank.
    expect(last.rows[0]?.state).toBe('ordered')
    expect(applyPlanDelta(start, h.changes[1]!.delta)).toBe('gap')
    expect(applyPlanDelta(last, h.changes[0]!.delta)).toBe('stale')
  })
})
