// The engine's history from one batched store read per pass, incremental:
// a pass inside the same day reads nothing, a write into a day already read
// makes the next pass re-read from there, and a series' version changes
// only when its completed days do.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngineHistory } from '../../server/runtime/engine-history.ts'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import type { Point } from '../../server/store/types.ts'
import { tinyEstate } from '../collectors/support.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = new Date('2026-11-26T10:30:00Z')
const TODAY = Math.floor(NOW.getTime() / DAY) * DAY
const dir = mkdtempSync(join(tmpdir(), 'headroom-history-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function hourly(app: string, metric: string, days: number, value: (h: number) => number): Point[] {
  const out: Point[] = []
  for (let t = TODAY - days * DAY; t < NOW.getTime(); t += HOUR) out.push({ app, metric, value: value(t), at: new Date(t) })
  return out
}

describe('engine history', () => {
  it('read() gives daily peaks of every series, then reads nothing more inside the same day', async () => {
    const store = createDuckDbStore({ path: join(dir, 'a.duckdb') })
    await store.init()
    await store.write([...hourly('app', 'tps', 5, (t) => (t % DAY) / HOUR), ...hourly('drivers', 'installs', 5, () => 7)])
    const source = createEngineHistory(store)
    const peak = { method: 'max' as const }
    const first = await source.read(tinyEstate, peak, NOW)
    expect(first.history.get('app/tps')?.map((b) => b.max)).toEqual([23, 23, 23, 23, 23])
    expect(first.drivers.get('drivers/installs')?.length).toBe(5)
    expect(first.readDays).toBe(90)
    const again = await source.read(tinyEstate, peak, new Date(NOW.getTime() + HOUR))
    expect(again.readDays).toBe(0)
    expect(again.versions.get('app/tps')).toBe(first.versions.get('app/tps'))
    await store.close()
  })

  it('read() re-reads from a late write and changes only that series version', async () => {
    const store = createDuckDbStore({ path: join(dir, 'b.duckdb') })
    await store.init()
    await store.write([...hourly('app', 'tps', 5, () => 10), ...hourly('drivers', 'installs', 5, () => 7)])
    const source = createEngineHistory(store)
    const peak = { method: 'max' as const }
    const first = await source.read(tinyEstate, peak, NOW)
    const late: Point[] = [{ app: 'app', metric: 'tps', value: 99, at: new Date(TODAY - 3 * DAY + 5 * HOUR) }]
    await store.write(late)
    source.noteWritten(late)
    const next = await source.read(tinyEstate, peak, NOW)
    expect(next.readDays).toBe(3)
    expect(next.history.get('app/tps')?.map((b) => b.max)).toEqual([10, 10, 99, 10, 10])
    expect(next.versions.get('app/tps')).not.toBe(first.versions.get('app/tps'))
    expect(next.versions.get('drivers/installs')).toBe(first.versions.get('drivers/installs'))
    await store.close()
  })

  it('read() keeps a late write noted while a pass is reading for the next pass', async () => {
    const store = createDuckDbStore({ path: join(dir, 'c.duckdb') })
    await store.init()
    await store.write([...hourly('app', 'tps', 5, () => 10), ...hourly('drivers', 'installs', 5, () => 7)])
    let clock = NOW.getTime()
    const source = createEngineHistory(store, () => clock)
    const peak = { method: 'max' as const }
    await source.read(tinyEstate, peak, NOW)
    // Two hours on, the pass re-reads the whole window; a late write is noted while it waits on the store.
    clock += 2 * HOUR
    const late: Point[] = [{ app: 'app', metric: 'tps', value: 99, at: new Date(TODAY - 2 * DAY + 5 * HOUR) }]
    const reading = source.read(tinyEstate, peak, NOW)
    source.noteWritten(late)
    await reading
    await store.write(late)
    const next = await source.read(tinyEstate, peak, NOW)
    expect(next.readDays).toBe(2)
    expect(next.history.get('app/tps')?.map((b) => b.max)).toEqual([10, 10, 10, 99, 10])
    await store.close()
  })
})
