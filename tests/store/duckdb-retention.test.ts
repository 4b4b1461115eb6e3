// Retention in the embedded store: raw points go after `rawDays` (whole UTC
// days), the hourly and daily rollups keep answering for the dropped time
// exactly as raw did, plans and evidence (driver forecasts, perf-test
// results) stay raw, and a late write into a dropped hour of one series
// leaves every other series' rollup alone. The clock is an argument: `now`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import type { Bucket, Point, Store } from '../../server/store/types.ts'

const MIN = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 1)
const NOW = new Date(T0 + 10 * DAY + 6 * HOUR)

const stores: Store[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function open(retention = { rawDays: 3, hourlyDays: 20, dailyDays: 30 }): Store {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-retention-'))
  dirs.push(dir)
  const store = createDuckDbStore({
    path: join(dir, 'h.duckdb'),
    retention: { ...retention, keep: { apps: ['driver-forecast'], tags: { source: 'perf-test' } } },
  })
  stores.push(store)
  return store
}

/** One point a minute for 10 days; a daily spike at 14:00 so max and mean differ. */
function minutes(app: string, metric: string, scale: number, tags?: Record<string, string>): Point[] {
  const out: Point[] = []
  for (let t = T0; t < T0 + 10 * DAY; t += MIN) {
    const hour = new Date(t).getUTCHours()
    const value = scale * (10 + ((t / MIN) % 17) + (hour === 14 ? 50 : 0))
    out.push({ app, metric, value, at: new Date(t), ...(tags ? { tags } : {}) })
  }
  return out
}

const range = (store: Store, app: string, metric: string, stepMs: number, from = T0, to = T0 + 10 * DAY): Promise<Bucket[]> =>
  store.range({ app, metric, from: new Date(from), to: new Date(to), stepMs })

describe('DuckDB retention', () => {
  it('prune() drops raw points before the cut-off and the rollups answer for that time exactly as raw did', async () => {
    const store = open()
    await store.write(minutes('sm2m', 'tps', 1))
    const hourlyBefore = await range(store, 'sm2m', 'tps', 6 * HOUR)
    const dailyBefore = await range(store, 'sm2m', 'tps', DAY)
    const result = await store.prune?.(NOW)
    // Cut-off: 10 d 6 h − 3 d, floored to the day = T0 + 7 d.
    expect(result?.rawBefore).toBe(new Date(T0 + 7 * DAY).toISOString())
    expect(result?.points).toBe(7 * 24 * 60)
    // Raw reads (a 5-minute step) now start at the cut-off...
    const raw = await range(store, 'sm2m', 'tps', 5 * MIN)
    expect(raw[0]?.at.getTime()).toBe(T0 + 7 * DAY)
    // ...while whole-hour and whole-day reads are unchanged, peaks included.
    expect(await range(store, 'sm2m', 'tps', 6 * HOUR)).toEqual(hourlyBefore)
    expect(await range(store, 'sm2m', 'tps', DAY)).toEqual(dailyBefore)
    expect(dailyBefore.every((b) => b.max === 76)).toBe(true)
  })

  it('prune() keeps driver forecasts and perf-test results raw whatever their age', async () => {
    const store = open()
    const old = new Date(T0 + HOUR)
    await store.write([
      { app: 'driver-forecast', metric: 'installs', value: 9000, at: old, tags: { version: 'v1' } },
      { app: 'sm2m', metric: 'tps', value: 1700, at: old, tags: { environment_scale: '0.5', source: 'perf-test' } },
      { app: 'sm2m', metric: 'tps', value: 12, at: old },
    ])
    const result = await store.prune?.(NOW)
    expect(result?.points).toBe(1)
    const kept = (await store.listSeries()).map((s) => `${s.app}/${s.metric} ${JSON.stringify(s.tags ?? {})}`)
    expect(kept).toEqual([
      'driver-forecast/installs {"version":"v1"}',
      'sm2m/tps {"environment_scale":"0.5","source":"perf-test"}',
    ])
  })

  it('a late write into a dropped hour of one series leaves the other series of that hour alone', async () => {
    const store = open()
    await store.write([...minutes('sm2m', 'tps', 1), ...minutes('dmm', 'tps', 2)])
    const dmmBefore = await range(store, 'dmm', 'tps', HOUR, T0, T0 + DAY)
    await store.prune?.(NOW)
    // A CSV of old sm2m values lands in day 0, long after its raw points were dropped.
    await store.write([{ app: 'sm2m', metric: 'tps', value: 999, at: new Date(T0 + 3 * HOUR + 5 * MIN) }])
    expect(await range(store, 'dmm', 'tps', HOUR, T0, T0 + DAY)).toEqual(dmmBefore)
    const sm2m = await range(store, 'sm2m', 'tps', HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR)
    expect(sm2m).toEqual([{ at: new Date(T0 + 3 * HOUR), mean: 999, max: 999, count: 1 }])
  })

  it('prune() drops hourly rollups after hourlyDays while the daily rollup keeps the days', async () => {
    const store = open({ rawDays: 1, hourlyDays: 2, dailyDays: 30 })
    await store.write(minutes('sm2m', 'tps', 1))
    const daily = await range(store, 'sm2m', 'tps', DAY)
    const result = await store.prune?.(NOW)
    expect(result?.hourlyBefore).toBe(new Date(T0 + 8 * DAY).toISOString())
    expect((await range(store, 'sm2m', 'tps', HOUR))[0]?.at.getTime()).toBe(T0 + 8 * DAY)
    expect(await range(store, 'sm2m', 'tps', DAY)).toEqual(daily)
    expect(daily).toHaveLength(10)
  })

  it('createDuckDbStore() refuses a retention that keeps rollups shorter than raw points', () => {
    expect(() => open({ rawDays: 30, hourlyDays: 7, dailyDays: 365 })).toThrow(
      'retention: hourly rollups (7 d) must be kept at least as long as raw points (30 d)',
    )
  })
})
