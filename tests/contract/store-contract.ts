// What every Store must do, written once and run against each implementation
// (store.contract.test.ts). A new store passes this suite or it is not a store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Point, SeriesKey, Store } from '../../server/store/types.ts'

const MINUTE = 60_000
const DAY = 86_400_000
// Recent (InfluxDB drops points older than its retention policy) and aligned
// to a day, so every bucket width used below divides it exactly.
const BASE = Math.floor(Date.now() / DAY) * DAY - 2 * DAY
const at = (offsetMs: number) => new Date(BASE + offsetMs)

function sortSeries<T extends SeriesKey>(list: T[]): T[] {
  const key = (s: SeriesKey) => `${s.app}|${s.metric}|${s.tags ? JSON.stringify(s.tags) : ''}`
  return [...list].sort((a, b) => key(a).localeCompare(key(b)))
}

/** Registers the contract for one store kind; `makeStore` returns a fresh, empty, un-initialised store. */
export function storeContract(kind: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${kind}`, () => {
    let store: Store

    beforeEach(async () => {
      store = await makeStore()
      await store.init()
    })
    afterEach(async () => {
      await store.close()
    })

    it('latest() returns nothing, listSeries() nothing and newest() null when the store is empty', async () => {
      expect(await store.latest()).toEqual([])
      expect(await store.listSeries()).toEqual([])
      expect(await store.newest('ggsn', 'pdp')).toBeNull()
      expect(await store.range({ app: 'ggsn', metric: 'pdp', from: at(0), to: at(DAY), stepMs: MINUTE })).toEqual([])
    })

    it('init() succeeds when called a second time', async () => {
      await store.init()
      await store.write([{ app: 'a', metric: 'm', value: 1, at: at(0) }])
      expect((await store.latest()).length).toBe(1)
    })

    it('latest() returns the newest value of each series when several were written', async () => {
      await store.write([
        { app: 'ggsn', metric: 'pdp', value: 1, at: at(0) },
        { app: 'ggsn', metric: 'pdp', value: 3, at: at(2 * MINUTE) },
        { app: 'ggsn', metric: 'pdp', value: 2, at: at(MINUTE) },
        { app: 'ggsn', metric: 'pdp', value: 9, at: at(MINUTE), tags: { site: 'north' } },
        { app: 'dmm', metric: 'queue', value: 0.5, at: at(5 * MINUTE) },
      ])
      expect(sortSeries(await store.latest())).toEqual([
        { app: 'dmm', metric: 'queue', value: 0.5, at: at(5 * MINUTE) },
        { app: 'ggsn', metric: 'pdp', value: 3, at: at(2 * MINUTE) },
        { app: 'ggsn', metric: 'pdp', value: 9, at: at(MINUTE), tags: { site: 'north' } },
      ])
    })

    it('range() returns mean, max and count per aligned bucket when points share buckets', async () => {
      await store.write([
        { app: 'sm2m', metric: 'tps', value: 1, at: at(0) },
        { app: 'sm2m', metric: 'tps', value: 2, at: at(10_000) },
        { app: 'sm2m', metric: 'tps', value: 6, at: at(59_999) },
        { app: 'sm2m', metric: 'tps', value: 10, at: at(2 * MINUTE + 1) },
      ])
      const buckets = await store.range({ app: 'sm2m', metric: 'tps', from: at(0), to: at(DAY), stepMs: MINUTE })
      expect(buckets).toEqual([
        { at: at(0), mean: 3, max: 6, count: 3 },
        { at: at(2 * MINUTE), mean: 10, max: 10, count: 1 },
      ])
    })

    it('range() labels buckets at multiples of the step when `from` is not aligned', async () => {
      await store.write([
        { app: 'sm2m', metric: 'tps', value: 4, at: at(20_000) },
        { app: 'sm2m', metric: 'tps', value: 8, at: at(40_000) },
      ])
      const buckets = await store.range({ app: 'sm2m', metric: 'tps', from: at(30_000), to: at(DAY), stepMs: MINUTE })
      // Only the point at +40 s is inside [from, to); its bucket still starts at +0.
      expect(buckets).toEqual([{ at: at(0), mean: 8, max: 8, count: 1 }])
    })

    it('range() includes a point at `from` and excludes a point at `to`', async () => {
      await store.write([
        { app: 'fw-store', metric: 'used', value: 1, at: at(MINUTE - 1) },
        { app: 'fw-store', metric: 'used', value: 2, at: at(MINUTE) },
        { app: 'fw-store', metric: 'used', value: 3, at: at(2 * MINUTE - 1) },
        { app: 'fw-store', metric: 'used', value: 4, at: at(2 * MINUTE) },
      ])
      const buckets = await store.range({
        app: 'fw-store',
        metric: 'used',
        from: at(MINUTE),
        to: at(2 * MINUTE),
        stepMs: 1000,
      })
      expect(buckets).toEqual([
        { at: at(MINUTE), mean: 2, max: 2, count: 1 },
        { at: at(2 * MINUTE - 1000), mean: 3, max: 3, count: 1 },
      ])
    })

    it('range() merges every tagged series when no tags are given and filters when they are', async () => {
      const metric = { app: 'ggsn', metric: 'throughput' }
      await store.write([
        { ...metric, value: 10, at: at(0), tags: { site: 'north', node: 'a' } },
        { ...metric, value: 20, at: at(0), tags: { site: 'north', node: 'b' } },
        { ...metric, value: 60, at: at(0), tags: { site: 'south', node: 'a' } },
        { ...metric, value: 5, at: at(0) },
      ])
      const query = { ...metric, from: at(0), to: at(MINUTE), stepMs: MINUTE }
      expect(await store.range(query)).toEqual([{ at: at(0), mean: 23.75, max: 60, count: 4 }])
      expect(await store.range({ ...query, tags: { site: 'north' } })).toEqual([{ at: at(0), mean: 15, max: 20, count: 2 }])
      expect(await store.range({ ...query, tags: { node: 'a', site: 'south' } })).toEqual([
        { at: at(0), mean: 60, max: 60, count: 1 },
      ])
      expect(await store.range({ ...query, tags: { site: 'west' } })).toEqual([])
    })

    it('range() leaves out points carrying an excluded tag value and keeps untagged ones when excludeTags is given', async () => {
      const metric = { app: 'sm2m', metric: 'tps' }
      await store.write([
        { ...metric, value: 10, at: at(0) },
        { ...metric, value: 30, at: at(MINUTE), tags: { site: 'north' } },
        { ...metric, value: 900, at: at(2 * MINUTE), tags: { source: 'perf-test' } },
        { ...metric, value: 20, at: at(3 * MINUTE), tags: { source: 'live' } },
      ])
      const minutes = { ...metric, from: at(0), to: at(5 * MINUTE), stepMs: 5 * MINUTE }
      const hours = { ...metric, from: at(0), to: at(60 * MINUTE), stepMs: 60 * MINUTE }
      const exclude = { source: 'perf-test' }
      expect(await store.range(minutes)).toEqual([{ at: at(0), mean: 240, max: 900, count: 4 }])
      expect(await store.range({ ...minutes, excludeTags: exclude })).toEqual([{ at: at(0), mean: 20, max: 30, count: 3 }])
      expect(await store.range({ ...hours, excludeTags: exclude })).toEqual([{ at: at(0), mean: 20, max: 30, count: 3 }])
      expect(await store.range({ ...minutes, tags: { site: 'north' }, excludeTags: exclude })).toEqual([
        { at: at(0), mean: 30, max: 30, count: 1 },
      ])
      expect(await store.range({ ...minutes, tags: exclude, excludeTags: exclude })).toEqual([])
    })

    it('range() leaves out points carrying an excluded tag key, whatever its value, when excludeTagKeys is given', async () => {
      const metric = { app: 'sm2m', metric: 'tps' }
      await store.write([
        { ...metric, value: 10, at: at(0) },
        { ...metric, value: 30, at: at(MINUTE), tags: { site: 'north' } },
        { ...metric, value: 500, at: at(2 * MINUTE), tags: { environment: 'perf' } },
        { ...metric, value: 700, at: at(3 * MINUTE), tags: { environment: 'preprod', site: 'north' } },
      ])
      const minutes = { ...metric, from: at(0), to: at(5 * MINUTE), stepMs: 5 * MINUTE }
      const hours = { ...metric, from: at(0), to: at(60 * MINUTE), stepMs: 60 * MINUTE }
      const live = ['environment']
      expect(await store.range({ ...minutes, excludeTagKeys: live })).toEqual([{ at: at(0), mean: 20, max: 30, count: 2 }])
      expect(await store.range({ ...hours, excludeTagKeys: live })).toEqual([{ at: at(0), mean: 20, max: 30, count: 2 }])
      expect(await store.range({ ...minutes, tags: { site: 'north' }, excludeTagKeys: live })).toEqual([
        { at: at(0), mean: 30, max: 30, count: 1 },
      ])
      expect(await store.range({ ...minutes, tags: { environment: 'perf' } })).toEqual([
        { at: at(0), mean: 500, max: 500, count: 1 },
      ])
    })

    it('listSeries() returns each app/metric/tag combination once when it has many points', async () => {
      await store.write([
        { app: 'ggsn', metric: 'pdp', value: 1, at: at(0), tags: { site: 'north' } },
        { app: 'ggsn', metric: 'pdp', value: 2, at: at(MINUTE), tags: { site: 'north' } },
        { app: 'ggsn', metric: 'pdp', value: 3, at: at(0), tags: { site: 'south' } },
        { app: 'dmm', metric: 'jobs', value: 4, at: at(0) },
        { app: 'dmm', metric: 'jobs', value: 5, at: at(MINUTE) },
      ])
      expect(sortSeries(await store.listSeries())).toEqual([
        { app: 'dmm', metric: 'jobs' },
        { app: 'ggsn', metric: 'pdp', tags: { site: 'north' } },
        { app: 'ggsn', metric: 'pdp', tags: { site: 'south' } },
      ])
    })

    it('newest() returns the time of the newest point of app/metric across its series', async () => {
      await store.write([
        { app: 'ggsn', metric: 'pdp', value: 1, at: at(MINUTE), tags: { site: 'north' } },
        { app: 'ggsn', metric: 'pdp', value: 1, at: at(3 * MINUTE), tags: { site: 'south' } },
        { app: 'ggsn', metric: 'other', value: 1, at: at(9 * MINUTE) },
      ])
      expect(await store.newest('ggsn', 'pdp')).toEqual(at(3 * MINUTE))
      expect(await store.newest('ggsn', 'missing')).toBeNull()
    })

    it('write() keeps one point with the last value when the same point is written twice', async () => {
      const point = { app: 'dmm', metric: 'queue', at: at(MINUTE), tags: { site: 'north' } }
      await store.write([{ ...point, value: 1 }])
      await store.write([{ ...point, value: 7, tags: { site: 'north' } }])
      const query = { app: 'dmm', metric: 'queue', from: at(0), to: at(DAY), stepMs: DAY }
      expect(await store.range(query)).toEqual([{ at: at(0), mean: 7, max: 7, count: 1 }])
      expect(await store.latest()).toEqual([{ ...point, value: 7 }])
    })

    it('write() round-trips the count and sum when a batch holds 50k points', async () => {
      const points: Point[] = []
      for (let i = 0; i < 50_000; i++) {
        points.push({ app: 'hubs', metric: 'connected', value: i % 100, at: at(i * 1000), tags: { shard: `s${i % 4}` } })
      }
      await store.write(points)
      const buckets = await store.range({ app: 'hubs', metric: 'connected', from: at(0), to: at(DAY), stepMs: DAY })
      expect(buckets).toHaveLength(1)
      expect(buckets[0]?.count).toBe(50_000)
      expect(buckets[0]?.max).toBe(99)
      expect(buckets[0]?.mean).toBeCloseTo(49.5, 9)
    })

    it('stores and finds series whose names hold dashes, quotes and separators', async () => {
      const app = 'ggsn-north'
      const metric = `pdp's "ctx" rate`
      const tags = { site: `o'neil "hq", floor=2`, 'node-id': 'a b' }
      await store.write([{ app, metric, value: 42, at: at(0), tags }])
      expect(await store.latest()).toEqual([{ app, metric, value: 42, at: at(0), tags }])
      expect(await store.range({ app, metric, from: at(0), to: at(MINUTE), stepMs: MINUTE, tags })).toEqual([
        { at: at(0), mean: 42, max: 42, count: 1 },
      ])
      expect(await store.newest(app, metric)).toEqual(at(0))
    })

    it('range() matches nothing when an app name is an injection attempt', async () => {
      await store.write([{ app: 'ggsn', metric: 'pdp', value: 1, at: at(0) }])
      const evil = `ggsn' OR app = 'ggsn`
      expect(await store.range({ app: evil, metric: 'pdp', from: at(0), to: at(DAY), stepMs: DAY })).toEqual([])
      expect(await store.newest(evil, 'pdp')).toBeNull()
    })
  })
}
