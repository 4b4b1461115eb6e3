// The live state pushes only what changed: each metric, tile and the chain
// summary carries the sequence number it last changed at, a delta names the
// room's previous delta, and a new leader continues another's numbering.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { estateSchema } from '../../server/config/schema.ts'
import { createLiveState, type LiveDelta } from '../../server/runtime/live-state.ts'
import { ObservationCache } from '../../server/runtime/observations.ts'

const estate = estateSchema.parse(parse(readFileSync('config/estate.yaml', 'utf8')))
const NOW = new Date('2026-11-26T10:00:00Z')

function setup() {
  const cache = new ObservationCache(estate)
  let now = NOW
  const live = createLiveState({ estate: () => estate, cache, now: () => now })
  const deltas: LiveDelta[] = []
  live.onDelta((d) => deltas.push(d))
  for (const app of estate.applications)
    cache.add(app.metrics.map((m) => ({ app: app.id, metric: m.id, value: 10, at: new Date(NOW.getTime() - 60_000) })))
  const later = (ms: number) => {
    now = new Date(NOW.getTime() + ms)
  }
  return { cache, live, deltas, later }
}

describe('live state', () => {
  it('refresh() gives every metric and tile version 1 when the state is built the first time', async () => {
    const { live, deltas } = setup()
    await live.refresh()
    expect(live.seq()).toBe(1)
    const tiles = live.tilesFull()
    expect(tiles?.tiles.map((t) => t.id)).toEqual(estate.applications.map((a) => a.id))
    expect(tiles?.tiles.every((t) => t.version === 1)).toBe(true)
    expect(deltas[0]?.apps.length).toBe(estate.applications.length)
    expect(live.appFull('sm2m')?.metrics.every((m) => m.version === 1)).toBe(true)
  })

  it('a tick carries only the changed metric, its application and tile when one series gets a sample', async () => {
    const { live, cache, deltas, later } = setup()
    await live.refresh()
    later(1000)
    cache.add([{ app: 'sm2m', metric: 'messages-per-second', value: 1234, at: new Date(NOW.getTime() + 500) }])
    await live.refresh()
    const last = deltas.at(-1)
    expect(last?.seq).toBe(2)
    expect(last?.apps.map((a) => a.app)).toEqual(['sm2m'])
    expect(last?.apps[0]?.prev).toBe(1)
    expect(last?.apps[0]?.metrics.map((m) => [m.metric, m.value, m.version])).toEqual([['messages-per-second', 1234, 2]])
    expect(last?.tiles?.prev).toBe(1)
    expect(last?.tiles?.tiles.map((t) => t.id)).toEqual(['sm2m'])
    const full = live.appFull('sm2m')
    expect(full?.metrics.find((m) => m.metric === 'messages-per-second')?.version).toBe(2)
    expect(full?.metrics.find((m) => m.metric !== 'messages-per-second')?.version).toBe(1)
  })

  it('a tiles delta carries only the chains a changed metric is a step of', async () => {
    const { live, cache, deltas, later } = setup()
    await live.refresh()
    expect(deltas[0]?.tiles?.chains.length).toBe(estate.chains.length)
    later(1000)
    cache.add([{ app: 'fw-store', metric: 'read-mbps', value: 900, at: new Date(NOW.getTime() + 500) }])
    await live.refresh()
    const through = estate.chains.filter((c) => c.steps.some((s) => s.app === 'fw-store' && s.metric === 'read-mbps'))
    expect(through.length).toBeLessThan(estate.chains.length)
    const tiles = deltas.at(-1)?.tiles
    expect(tiles?.chains.map((c) => c.id)).toEqual(through.map((c) => c.id))
    expect(tiles?.chainOrder).toBeUndefined()
    expect(tiles?.engine).toBeNull()
  })

  it('refresh() sends no delta when nothing changed since the last one', async () => {
    const { live, deltas } = setup()
    await live.refresh()
    await live.refresh()
    expect(deltas.length).toBe(1)
    expect(live.seq()).toBe(1)
  })

  it('takeOver() continues the previous leader numbering and sends every metric once', async () => {
    const { live, deltas } = setup()
    await live.refresh()
    await live.takeOver({ seq: 40, tiles: 38, apps: new Map([['sm2m', 39]]) })
    const last = deltas.at(-1)
    expect(last?.seq).toBe(41)
    expect(last?.tiles?.prev).toBe(38)
    expect(last?.tiles?.chains.length).toBe(estate.chains.length)
    expect(last?.apps.find((a) => a.app === 'sm2m')?.prev).toBe(39)
    expect(last?.apps.find((a) => a.app === 'sm2m')?.metrics.length).toBe(
      estate.applications.find((a) => a.id === 'sm2m')?.metrics.length,
    )
  })

  it('current() assembles the whole snapshot with every metric when asked', async () => {
    const { live } = setup()
    await live.refresh()
    const snapshot = live.current()
    expect(snapshot?.applications.flatMap((a) => a.metrics).length).toBe(
      estate.applications.reduce((n, a) => n + a.metrics.length, 0),
    )
    expect(snapshot?.chains.length).toBe(estate.chains.length)
  })

  it('currentInTurns() and plainSnapshotInTurns() assemble what current() and plainSnapshot() do, once per change', async () => {
    const { live, cache, later } = setup()
    expect(await live.currentInTurns()).toBeNull()
    await live.refresh()
    const inTurns = live.currentInTurns()
    // Asked again while it is being assembled: the same assembly, not a second one.
    expect(live.currentInTurns()).toBe(inTurns)
    const snapshot = await inTurns
    expect(live.current()).toBe(snapshot)
    const plain = await live.plainSnapshotInTurns()
    expect(live.plainSnapshot()).toBe(plain)
    expect(plain).not.toBe(snapshot)
    later(1000)
    cache.add([
      {
        app: 'sm2m',
        metric: estate.applications.find((a) => a.id === 'sm2m')?.metrics[0]?.id ?? '',
        value: 99,
        at: new Date(NOW.getTime() + 500),
      },
    ])
    await live.refresh()
    const next = await live.currentInTurns()
    expect(next).not.toBe(snapshot)
    expect(next).toEqual(live.current())
  })

  it('metricStatuses() walks the statuses current() assembles, without assembling them', async () => {
    const { live } = setup()
    expect([...live.metricStatuses()]).toEqual([])
    await live.refresh()
    const assembled = live.current()?.applications.flatMap((a) => a.metrics) ?? []
    const walked = [...live.metricStatuses()]
    expect(walked.length).toBe(assembled.length)
    for (const m of assembled) expect(walked).toContain(m)
  })
})
