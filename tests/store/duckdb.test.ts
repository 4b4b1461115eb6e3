// DuckDB-specific behaviour; what every store must do is in tests/contract/.
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import type { Bucket, Point } from '../../server/store/types.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 5)

/** Deterministic points every 7 minutes over two days, two sites; the expected 2-hour buckets computed in JS. */
function hourlyFixture(): { points: Point[]; expected: (fromMs: number, toMs: number, site?: string) => Bucket[] } {
  const points: Point[] = []
  for (let i = 0; i < (2 * 24 * 60) / 7; i++) {
    for (const site of ['north', 'south']) {
      points.push({
        app: 'sm2m',
        metric: 'tps',
        value: ((i * 37) % 101) + (site === 'south' ? 0.25 : 0),
        at: new Date(T0 + i * 7 * 60_000),
        tags: { site },
      })
    }
  }
  const expected = (fromMs: number, toMs: number, site?: string) => {
    const buckets = new Map<number, number[]>()
    for (const p of points) {
      const t = p.at.getTime()
      if (t < fromMs || t >= toMs || (site && p.tags?.site !== site)) continue
      const b = t - (t % (2 * HOUR))
      buckets.set(b, [...(buckets.get(b) ?? []), p.value])
    }
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([b, vs]) => ({
        at: new Date(b),
        mean: vs.reduce((x, y) => x + y, 0) / vs.length,
        max: Math.max(...vs),
        count: vs.length,
      }))
  }
  return { points, expected }
}

function expectBucketsClose(actual: Bucket[], expected: Bucket[]): void {
  expect(actual.map(({ at, max, count }) => ({ at, max, count }))).toEqual(
    expected.map(({ at, max, count }) => ({ at, max, count })),
  )
  actual.forEach((b, i) => expect(b.mean).toBeCloseTo(expected[i]?.mean ?? Number.NaN, 9))
}

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-duckdb-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('createDuckDbStore()', () => {
  it('init() creates the missing data directory when the path is nested', async () => {
    const path = join(tempDir(), 'a', 'b', 'headroom.duckdb')
    const store = createDuckDbStore({ path })
    await store.init()
    await store.close()
    expect(existsSync(path)).toBe(true)
  })

  it('keeps points across a close and reopen when the path is a file', async () => {
    const path = join(tempDir(), 'headroom.duckdb')
    const first = createDuckDbStore({ path })
    await first.init()
    await first.write([{ app: 'ggsn', metric: 'pdp', value: 7, at: new Date(60_000) }])
    await first.close()
    const second = createDuckDbStore({ path })
    await second.init()
    expect(await second.latest()).toEqual([{ app: 'ggsn', metric: 'pdp', value: 7, at: new Date(60_000) }])
    await second.close()
  })

  it('write() keeps the last of duplicate points when one batch repeats a key', async () => {
    const store = createDuckDbStore({ path: ':memory:' })
    await store.init()
    const at = new Date(120_000)
    await store.write([
      { app: 'dmm', metric: 'queue', value: 1, at },
      { app: 'dmm', metric: 'queue', value: 2, at, tags: {} },
      { app: 'dmm', metric: 'queue', value: 3, at },
    ])
    const buckets = await store.range({ app: 'dmm', metric: 'queue', from: new Date(0), to: new Date(600_000), stepMs: 60_000 })
    expect(buckets).toEqual([{ at, mean: 3, max: 3, count: 1 }])
    await store.close()
  })

  it('write() stores nothing when a point in the batch has an invalid date', async () => {
    const store = createDuckDbStore({ path: ':memory:' })
    await store.init()
    await expect(
      store.write([
        { app: 'dmm', metric: 'queue', value: 1, at: new Date(0) },
        { app: 'dmm', metric: 'queue', value: 2, at: new Date(Number.NaN) },
      ]),
    ).rejects.toThrow(/invalid date for dmm\/queue/)
    expect(await store.listSeries()).toEqual([])
    // The store still works after the failed batch.
    await store.write([{ app: 'dmm', metric: 'queue', value: 5, at: new Date(0) }])
    expect((await store.latest()).map((l) => l.value)).toEqual([5])
    await store.close()
  })

  it('range() reads hour-aligned ranges from the rollup with the same buckets as the raw points', async () => {
    const store = createDuckDbStore({ path: ':memory:' })
    await store.init()
    const { points, expected } = hourlyFixture()
    // Several batches, and an overwrite of the first batch's values, so the rollup is recomputed for touched hours.
    await store.write(points.map((p) => ({ ...p, value: 999 })).slice(0, 100))
    for (let i = 0; i < points.length; i += 97) await store.write(points.slice(i, i + 97))
    const query = { app: 'sm2m', metric: 'tps', from: new Date(T0 + 4 * HOUR), to: new Date(T0 + 40 * HOUR), stepMs: 2 * HOUR }
    expectBucketsClose(await store.range(query), expected(T0 + 4 * HOUR, T0 + 40 * HOUR))
    expectBucketsClose(await store.range({ ...query, tags: { site: 'south' } }), expected(T0 + 4 * HOUR, T0 + 40 * HOUR, 'south'))
    // A write after a rollup read is visible to the next rollup read.
    await store.write([{ ...points[0]!, at: new Date(T0 + 5 * HOUR), value: 10_000 }])
    const [first] = await store.range(query)
    expect(first?.max).toBe(10_000)
    // A bound inside an hour goes to the raw points and still cuts at the exact millisecond.
    const cut = T0 + 6 * HOUR + 30 * 60_000
    expectBucketsClose(await store.range({ ...query, from: new Date(cut) }), expected(cut, T0 + 40 * HOUR))
    await store.close()
  })

  it('init() rebuilds the rollup from points when the file has points but no rollup rows', async () => {
    const path = join(tempDir(), 'headroom.duckdb')
    const { points, expected } = hourlyFixture()
    const first = createDuckDbStore({ path })
    await first.init()
    await first.write(points)
    await first.close()
    const raw = await DuckDBInstance.create(path)
    const conn = await raw.connect()
    await conn.run('DELETE FROM rollup_1h')
    conn.closeSync()
    raw.closeSync()
    const second = createDuckDbStore({ path })
    await second.init()
    const query = { app: 'sm2m', metric: 'tps', from: new Date(T0), to: new Date(T0 + 48 * HOUR), stepMs: 2 * HOUR }
    expectBucketsClose(await second.range(query), expected(T0, T0 + 48 * HOUR))
    await second.close()
  })

  it('init() that builds the rollup from every point leaves no dirty hours for the first read to redo', async () => {
    const path = join(tempDir(), 'headroom.duckdb')
    const { points, expected } = hourlyFixture()
    const first = createDuckDbStore({ path })
    await first.init()
    await first.write(points) // bulk-written and never read: rollup_1h empty, every hour marked dirty
    await first.close()
    const second = createDuckDbStore({ path })
    await second.init()
    await second.close()
    const raw = await DuckDBInstance.create(path)
    const conn = await raw.connect()
    const dirty = (await conn.runAndReadAll('SELECT count(*)::INTEGER FROM rollup_dirty_series')).getRowsJS()
    const built = (await conn.runAndReadAll('SELECT count(*)::INTEGER FROM rollup_1h')).getRowsJS()
    conn.closeSync()
    raw.closeSync()
    expect(dirty).toEqual([[0]])
    expect(built[0]?.[0]).toBeGreaterThan(0)
    const third = createDuckDbStore({ path })
    await third.init()
    const query = { app: 'sm2m', metric: 'tps', from: new Date(T0), to: new Date(T0 + 48 * HOUR), stepMs: 2 * HOUR }
    expectBucketsClose(await third.range(query), expected(T0, T0 + 48 * HOUR))
    await third.close()
  })
  it('range() rejects a step that is not a whole number of milliseconds', async () => {
    const store = createDuckDbStore({ path: ':memory:' })
    await store.init()
    await expect(store.range({ app: 'a', metric: 'm', from: new Date(0), to: new Date(1), stepMs: 0 })).rejects.toThrow(
      /range\(a\/m\): stepMs must be a whole number/,
    )
    await store.close()
  })

  it('init() names the path when the file cannot be opened', async () => {
    const dir = tempDir()
    // A directory where the file should be makes DuckDB fail to open it.
    const store = createDuckDbStore({ path: dir })
    await expect(store.init()).rejects.toThrow(new RegExp(`cannot open DuckDB store at ${dir}`))
  })
})
