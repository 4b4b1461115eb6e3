// DuckDB-specific behaviour; what every store must do is in tests/contract/.
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDuckDbStore } from '../../server/store/duckdb.ts'

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
