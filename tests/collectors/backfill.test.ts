import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { createScheduler } from '../../collectors/scheduler.ts'
import { simulator } from '../../collectors/plugins/simulator/index.ts'
import type { Sample } from '../../collectors/types.ts'
import { collectorsFileSchema, estateSchema } from '../../server/config/schema.ts'
import { entry, silentLog, testPlugin } from './support.ts'

const estate = estateSchema.parse(parse(readFileSync('config/estate.yaml', 'utf8')))
const entries = collectorsFileSchema.parse(parse(readFileSync('config/collectors.yaml', 'utf8'))).collectors
const SERIES = estate.drivers.length + estate.applications.reduce((n, a) => n + a.metrics.length, 0)
// The perf rig's simulator (environment: perf) covers a few applications and no drivers: a rig has no meter installs.
const perfApps = (entries.find((e) => e.id === 'sim-perf')?.config as { apps: string[] }).apps
const PERF_SERIES = estate.applications.filter((a) => perfApps.includes(a.id)).reduce((n, a) => n + a.metrics.length, 0)

describe('scheduler backfill', () => {
  it('backfill() sends the simulator history to the sink in chunks and reports progress up to the total', async () => {
    const batches: Sample[][] = []
    const progress: [number, number][] = []
    const s = createScheduler({ entries, estate, log: silentLog, sink: (b) => batches.push(b) })
    const n = await s.backfill(new Date('2026-11-24T00:00:00Z'), new Date('2026-11-26T00:00:00Z'), (d, t) =>
      progress.push([d, t]),
    )
    await s.stop()
    expect(n).toBe(2 * 288 * (SERIES + PERF_SERIES))
    expect(batches.flat().filter((x) => x.tags?.environment === 'perf')).toHaveLength(2 * 288 * PERF_SERIES)
    expect(batches.reduce((k, b) => k + b.length, 0)).toBe(n)
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(5000)
    expect(progress.at(-1)).toEqual([n, n])
    for (const [done, total] of progress) expect(done).toBeLessThanOrEqual(total)
  })

  it('backfill() skips plugins without backfill and collectors that are disabled', async () => {
    const live = testPlugin('live-only', async () => undefined)
    const batches: Sample[][] = []
    const s = createScheduler({
      entries: [entry('live', 'live-only'), entry('sim-off', 'simulator', { enabled: false })],
      estate,
      log: silentLog,
      sink: (b) => batches.push(b),
      plugins: [live, simulator],
    })
    expect(await s.backfill(new Date('2026-11-25T00:00:00Z'), new Date('2026-11-26T00:00:00Z'))).toBe(0)
    expect(batches).toHaveLength(0)
    await s.stop()
  })

  it('backfill() rejects naming the collector when a plugin backfill throws, after writing what it had', async () => {
    const broken = {
      ...testPlugin('broken', async () => undefined),
      async backfill(_c: unknown, from: Date, _to: Date, acc: { add(s: Sample): void }) {
        acc.add({ app: 'app', metric: 'tps', value: 1, at: from })
        throw new Error('disk full')
      },
    }
    const batches: Sample[][] = []
    const s = createScheduler({
      entries: [entry('b', 'broken')],
      estate,
      log: silentLog,
      sink: (b) => batches.push(b),
      plugins: [broken],
    })
    await expect(s.backfill(new Date('2026-11-25T00:00:00Z'), new Date('2026-11-26T00:00:00Z'))).rejects.toThrow(
      '[collector=b] backfill failed: disk full (1 samples were written)',
    )
    expect(batches.flat()).toHaveLength(1)
    expect(s.health()[0]?.lastError?.message).toBe('[collector=b] backfill failed: disk full')
    await s.stop()
  })
})
