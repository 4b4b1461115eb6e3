// The batched reads every Store must answer the same way (aggregate() and
// latest(since)), run on DuckDB and a real influxd by store.contract.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Bucket, Store } from '../../server/store/types.ts'

const HOUR = 3_600_000
const DAY = 86_400_000
// Recent (inside InfluxDB's retention policy) and aligned to a day.
const BASE = Math.floor(Date.now() / DAY) * DAY - 4 * DAY
const at = (offsetMs: number) => new Date(BASE + offsetMs)

function byKey(result: Map<string, Bucket[]>): Record<string, Bucket[]> {
  return Object.fromEntries([...result].sort(([a], [b]) => a.localeCompare(b)))
}

export function aggregateContract(kind: string, makeStore: () => Promise<Store>): void {
  describe(`Store aggregate contract: ${kind}`, () => {
    let store: Store
    beforeEach(async () => {
      store = await makeStore()
      await store.init()
    })
    afterEach(async () => {
      await store.close()
    })

    it('aggregate() returns daily buckets of every series from one call when many series hold points', async () => {
      await store.write([
        { app: 'ggsn', metric: 'pdp', value: 10, at: at(HOUR) },
        { app: 'ggsn', metric: 'pdp', value: 30, at: at(5 * HOUR) },
        { app: 'ggsn', metric: 'pdp', value: 7, at: at(DAY + 2 * HOUR) },
        { app: 'dmm', metric: 'queue', value: 4, at: at(DAY + 3 * HOUR), tags: { node: 'a' } },
        { app: 'dmm', metric: 'queue', value: 6, at: at(DAY + 3 * HOUR), tags: { node: 'b' } },
      ])
      const result = await store.aggregate({ from: at(0), to: at(2 * DAY), stepMs: DAY })
      expect(byKey(result)).toEqual({
        'dmm/queue': [{ at: at(DAY), mean: 5, max: 6, count: 2 }],
        'ggsn/pdp': [
          { at: at(0), mean: 20, max: 30, count: 2 },
          { at: at(DAY), mean: 7, max: 7, count: 1 },
        ],
      })
    })

    it('aggregate() puts bucket starts on the offset when offsetMs moves the day boundary', async () => {
      await store.write([
        { app: 'a', metric: 'm', value: 1, at: at(DAY - 2 * HOUR) },
        { app: 'a', metric: 'm', value: 5, at: at(DAY - 30 * 60_000) },
        { app: 'a', metric: 'm', value: 3, at: at(DAY + HOUR) },
      ])
      // Local midnight one hour before UTC midnight (UTC+1).
      const result = await store.aggregate({ from: at(0), to: at(2 * DAY), stepMs: DAY, offsetMs: -HOUR })
      expect(byKey(result)).toEqual({
        'a/m': [
          { at: at(-HOUR), mean: 1, max: 1, count: 1 },
          { at: at(DAY - HOUR), mean: 4, max: 5, count: 2 },
        ],
      })
    })

    it('aggregate() leaves out excluded tags and series not asked for when series and excludeTags are given', async () => {
      await store.write([
        { app: 'sm2m', metric: 'tps', value: 10, at: at(HOUR) },
        { app: 'sm2m', metric: 'tps', value: 900, at: at(HOUR), tags: { source: 'perf-test' } },
        { app: 'sm2m', metric: 'tps', value: 20, at: at(2 * HOUR), tags: { site: 'north' } },
        { app: 'sm2m', metric: 'cpu', value: 50, at: at(HOUR) },
        { app: 'other', metric: 'tps', value: 1, at: at(HOUR) },
      ])
      const result = await store.aggregate({
        from: at(0),
        to: at(DAY),
        stepMs: HOUR,
        series: [{ app: 'sm2m', metric: 'tps' }],
        excludeTags: { source: 'perf-test' },
      })
      expect(byKey(result)).toEqual({
        'sm2m/tps': [
          { at: at(HOUR), mean: 10, max: 10, count: 1 },
          { at: at(2 * HOUR), mean: 20, max: 20, count: 1 },
        ],
      })
    })

    it('aggregate() returns each series in bucket order, the same whether series are named or not', async () => {
      const points = []
      // Written newest first and interleaved, so no bucket order can come from the write order.
      for (let d = 3; d >= 0; d--)
        for (const [app, metric] of [
          ['b', 'm'],
          ['a', 'm'],
          ['a', 'n'],
        ] as const)
          for (const h of [20, 3]) points.push({ app, metric, value: d * 100 + h + app.length, at: at(d * DAY + h * HOUR) })
      await store.write(points)
      for (const [stepMs, to] of [
        [DAY, 4 * DAY],
        [HOUR, 4 * DAY],
        [10 * 60_000, 4 * DAY],
      ] as const) {
        const named = await store.aggregate({
          from: at(0),
          to: at(to),
          stepMs,
          series: [
            { app: 'a', metric: 'm' },
            { app: 'a', metric: 'n' },
            { app: 'b', metric: 'm' },
            { app: 'c', metric: 'none' },
          ],
        })
        const all = await store.aggregate({ from: at(0), to: at(to), stepMs })
        expect(byKey(named), `step ${stepMs}`).toEqual(byKey(all))
        expect([...named.keys()].sort()).toEqual(['a/m', 'a/n', 'b/m'])
        for (const list of named.values()) {
          const times = list.map((b) => b.at.getTime())
          expect(times).toEqual([...times].sort((x, y) => x - y))
          expect(list.length).toBe(stepMs === DAY ? 4 : 8)
        }
      }
    })

    it('aggregate() reads raw points and honours [from, to) when the step is not whole hours', async () => {
      await store.write([
        { app: 'a', metric: 'm', value: 2, at: at(0) },
        { app: 'a', metric: 'm', value: 4, at: at(4 * 60_000) },
        { app: 'a', metric: 'm', value: 8, at: at(10 * 60_000) },
      ])
      const result = await store.aggregate({ from: at(0), to: at(10 * 60_000), stepMs: 5 * 60_000 })
      expect(byKey(result)).toEqual({ 'a/m': [{ at: at(0), mean: 3, max: 4, count: 2 }] })
    })

    it('aggregate() returns an empty map when nothing lies in the window', async () => {
      await store.write([{ app: 'a', metric: 'm', value: 2, at: at(3 * DAY) }])
      expect((await store.aggregate({ from: at(0), to: at(DAY), stepMs: HOUR })).size).toBe(0)
      expect((await store.aggregate({ from: at(0), to: at(4 * DAY), stepMs: HOUR, series: [] })).size).toBe(0)
    })

    it('latest(since) returns only the series with a point at or after `since`', async () => {
      await store.write([
        { app: 'old', metric: 'm', value: 1, at: at(0) },
        { app: 'new', metric: 'm', value: 2, at: at(HOUR) },
        { app: 'new', metric: 'm', value: 3, at: at(2 * HOUR) },
      ])
      expect(await store.latest(at(HOUR))).toEqual([{ app: 'new', metric: 'm', value: 3, at: at(2 * HOUR) }])
      expect((await store.latest()).length).toBe(2)
    })
  })
}
