// The browser's side of the live rooms: deltas apply by sequence number, an
// old one is ignored and a missed one asks for the full state again.
import { describe, expect, it } from 'vitest'
import { applyAppDelta, applyTilesDelta, appFromFull, tilesFromFull } from '../../client/src/composables/live-view-state.ts'
import type { AppDelta, ChainStatus, TilesDelta, TilesFull, VersionedMetric, VersionedTile } from '../../client/src/api-types.ts'

const tile = (id: string, version: number, rag: VersionedTile['rag'] = 'green'): VersionedTile => ({
  id,
  name: id,
  layer: null,
  rag,
  tightest: null,
  cause: null,
  quiet: [],
  metricCount: 1,
  names: {},
  version,
})
const full: TilesFull = { seq: 5, at: 't5', tiles: [tile('a', 3), tile('b', 5)], summary: { chains: [], engine: null } }
const delta = (seq: number, prev: number, tiles: VersionedTile[]): TilesDelta => ({
  seq,
  prev,
  at: `t${seq}`,
  tiles,
  chains: [],
  engine: null,
})
const chain = (id: string, rag: ChainStatus['rag']): ChainStatus => ({
  id,
  name: id,
  steps: [],
  bottleneck: null,
  spare: null,
  headroomFraction: null,
  rag,
})

describe('live view state', () => {
  it.each([
    { scenario: 'it follows the held state', d: delta(6, 5, [tile('a', 6, 'red')]), outcome: 'applied', rag: 'red', seq: 6 },
    {
      scenario: 'its room had no change since an older seq',
      d: delta(7, 2, [tile('a', 7, 'amber')]),
      outcome: 'applied',
      rag: 'amber',
      seq: 7,
    },
    {
      scenario: 'it is older than the held state',
      d: delta(5, 4, [tile('a', 5, 'red')]),
      outcome: 'ignored',
      rag: 'green',
      seq: 5,
    },
    { scenario: 'an update was missed', d: delta(9, 8, [tile('a', 9, 'red')]), outcome: 'gap', rag: 'green', seq: 5 },
  ])('applyTilesDelta() says $outcome when $scenario', ({ d, outcome, rag, seq }) => {
    const state = tilesFromFull(full)
    expect(applyTilesDelta(state, d)).toBe(outcome)
    expect(state.tiles.get('a')?.rag).toBe(rag)
    expect(state.seq).toBe(seq)
  })

  it('applyTilesDelta() replaces only the chains a delta carries, in their held order', () => {
    const state = tilesFromFull({ ...full, summary: { chains: [chain('c1', 'green'), chain('c2', 'green')], engine: null } })
    expect(applyTilesDelta(state, { ...delta(6, 5, []), chains: [chain('c2', 'red')] })).toBe('applied')
    expect(state.summary.chains.map((c) => `${c.id}:${c.rag}`)).toEqual(['c1:green', 'c2:red'])
  })

  it('applyTilesDelta() drops and reorders chains when a delta gives their order (a config reload)', () => {
    const state = tilesFromFull({ ...full, summary: { chains: [chain('c1', 'green'), chain('c2', 'green')], engine: null } })
    applyTilesDelta(state, { ...delta(6, 5, []), chains: [chain('c3', 'amber')], chainOrder: ['c3', 'c2'] })
    expect(state.summary.chains.map((c) => `${c.id}:${c.rag}`)).toEqual(['c3:amber', 'c2:green'])
  })

  it('applyAppDelta() replaces changed metrics and keeps the others when a delta follows the full state', () => {
    const metric = (name: string, value: number, version: number) => ({ metric: name, value, version }) as VersionedMetric
    const state = appFromFull({ seq: 3, at: 't3', app: 'x', metrics: [metric('m1', 1, 1), metric('m2', 2, 3)] })
    const d: AppDelta = { seq: 4, prev: 3, at: 't4', app: 'x', metrics: [metric('m2', 20, 4)] }
    expect(applyAppDelta(state, d)).toBe('applied')
    expect(state.order.map((m) => state.metrics.get(m)?.value)).toEqual([1, 20])
  })
})
