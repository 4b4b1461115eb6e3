// The disk spool under the write pipeline, on a real temp directory. The
// store is the failure-injection store (the pipeline's own tests only); the
// end-to-end proofs with real influxd and DuckDB are in spool-durability.test.ts.
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Sample } from '../../collectors/types.ts'
import { createWritePipeline } from '../../server/ingest/pipeline.ts'
import { SpoolLockedError } from '../../server/ingest/spool/spool-dir.ts'
import type { WritePipeline, WritePipelineOptions } from '../../server/ingest/types.ts'
import type { Store } from '../../server/store/types.ts'
import { createFailingStore, type FailingStore } from './failing-store.ts'

const sample = (i: number): Sample => ({
  app: 'sm2m',
  metric: 'tps',
  value: i,
  at: new Date(1_700_000_000_000 + i * 1000),
  tags: { site: i % 2 ? 'north' : 'south' },
})
const samples = (from: number, n: number) => Array.from({ length: n }, (_, k) => sample(from + k))
const segments = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('seg-'))

/** A store whose writes never answer, like InfluxDB under SIGSTOP. */
function hangingStore(): Store {
  const never = () => new Promise<never>(() => undefined)
  return {
    kind: 'hanging',
    init: () => Promise.resolve(),
    write: never,
    latest: never,
    range: never,
    listSeries: never,
    newest: never,
    ping: never,
    putState: never,
    getState: never,
    listState: never,
    deleteState: never,
    appendAudit: never,
    readAudit: never,
    aggregate: never,
    close: () => Promise.resolve(),
  }
}

describe('write pipeline with a disk spool', () => {
  let dir: string
  let store: FailingStore
  const open: WritePipeline[] = []
  const make = (o: Partial<WritePipelineOptions> = {}) => {
    const p = createWritePipeline({
      store,
      random: () => 0,
      retryBaseMs: 5,
      retryMaxMs: 20,
      flushIntervalMs: 10,
      spool: { dir, fsyncIntervalMs: 0 },
      ...o,
    })
    open.push(p)
    return p
  }
  const until = async (what: string, ok: () => boolean) => {
    await vi.waitFor(() => expect(ok(), what).toBe(true), { timeout: 10_000, interval: 10 })
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-spool-'))
    store = createFailingStore()
  })
  afterEach(async () => {
    store.recover()
    await Promise.all(open.splice(0).map((p) => p.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('push() has the points in a segment file before it returns, while the store is down', () => {
    store.failForever()
    const p = make()
    p.push(samples(0, 30))
    const files = segments(dir)
    expect(files).toHaveLength(1)
    expect(statSync(join(dir, files[0] as string)).size).toBeGreaterThan(30 * 20)
    expect(p.stats().spool).toMatchObject({ segments: 1, dropped: 0 })
  })

  it('deletes a segment once the store has confirmed every point in it', async () => {
    const p = make()
    p.push(samples(0, 30))
    await p.flush()
    expect(store.stored).toHaveLength(30)
    expect(segments(dir)).toEqual([])
    expect(p.stats().spool?.bytes).toBe(0)
  })

  it('a new pipeline on the same directory sends what an abandoned one never wrote, in order', async () => {
    store.failForever()
    const first = createWritePipeline({ store, spool: { dir, fsyncIntervalMs: 0 }, retryBaseMs: 5, retryMaxMs: 20 })
    first.push(samples(0, 10))
    first.push(samples(10, 15))
    // The process "dies": no close(), the files are all that is left. (Same pid, so the lock is ours.)
    const survivor = createFailingStore()
    const second = make({ store: survivor })
    expect(second.stats().spool?.replayed).toBe(25)
    await second.flush()
    expect(survivor.stored.map((s) => s.value)).toEqual(samples(0, 25).map((s) => s.value))
    expect(survivor.stored[3]).toEqual(sample(3))
    expect(segments(dir)).toEqual([])
    store.recover()
    await first.close()
  })

  it('keeps the whole frames of a segment torn mid-append and reports the cut', async () => {
    store.failForever()
    const first = createWritePipeline({ store, spool: { dir, fsyncIntervalMs: 0 } })
    first.push(samples(0, 4))
    first.push(samples(4, 4))
    const file = join(dir, segments(dir)[0] as string)
    // A crash halfway through a third frame: a header that promises more than is there.
    appendFileSync(file, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 4, 0, 0, 0, 91, 91]))
    const problems: string[] = []
    const survivor = createFailingStore()
    const second = make({ store: survivor, onSpoolProblem: (m) => problems.push(m) })
    await second.flush()
    expect(survivor.stored.map((s) => s.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(problems[0]).toMatch(/seg-\d+\.log: torn frame .*cut 14 bytes.* 8 points kept/)
    store.recover()
    await first.close()
  })

  it('drops the oldest segment when the spool is full, counting and reporting it', async () => {
    store.failForever()
    const drops: { points: number; reason: string }[] = []
    const p = make({ spool: { dir, fsyncIntervalMs: 0, maxBytes: 8000, segmentBytes: 2000 }, onSpoolDrop: (d) => drops.push(d) })
    for (let i = 0; i < 20; i++) p.push(samples(i * 10, 10))
    const s = p.stats()
    expect(s.spool?.bytes).toBeLessThanOrEqual(8000)
    expect(drops.length).toBeGreaterThan(0)
    expect(drops[0]?.reason).toMatch(/spool full: \d+ bytes on disk is more than the 8000-byte limit/)
    const lost = drops.reduce((n, d) => n + d.points, 0)
    expect(s.spool?.dropped).toBe(lost)
    expect(s.dropped).toBe(lost)
    store.recover()
    await p.flush()
    // What is left is the newest, contiguous, ending with the last push.
    const values = store.stored.map((x) => x.value).sort((a, b) => a - b)
    expect(values.at(-1)).toBe(199)
    expect(values.length).toBe(200 - lost)
    expect(values).toEqual(Array.from({ length: values.length }, (_, k) => 200 - values.length + k))
  })

  it('loses nothing when the backlog is far larger than maxBuffered: evicted segments are read back', async () => {
    store.failForever()
    const p = make({ maxBuffered: 50, batchSize: 20, spool: { dir, fsyncIntervalMs: 0, segmentBytes: 1500 } })
    for (let i = 0; i < 40; i++) p.push(samples(i * 25, 25))
    expect(p.stats()).toMatchObject({ dropped: 0, buffered: 1000 })
    store.recover()
    await until('all 1000 stored', () => store.stored.length >= 1000)
    await p.flush()
    expect(new Set(store.stored.map((s) => s.value)).size).toBe(1000)
    expect(p.stats()).toMatchObject({ dropped: 0, buffered: 0 })
  })

  it('close() ends within closeTimeoutMs against a store that never answers and leaves the points on disk', async () => {
    const p = make({ store: hangingStore(), closeTimeoutMs: 300 })
    p.push(samples(0, 40))
    // Resolving at all is the point: before the spool, close() waited on the hung write.
    await p.close()
    expect(p.stats()).toMatchObject({ spooledAtClose: 40, dropped: 0 })
    const survivor = createFailingStore()
    await make({ store: survivor }).flush()
    expect(survivor.stored).toHaveLength(40)
  })

  it('refuses a spool directory that another live process holds, naming it', () => {
    writeFileSync(join(dir, 'spool.lock'), String(process.ppid))
    expect(() => make()).toThrow(SpoolLockedError)
    expect(() => make()).toThrow(`the spool directory ${dir} is in use by process ${process.ppid}`)
  })

  it('takes over the lock of a process that is gone', () => {
    writeFileSync(join(dir, 'spool.lock'), '2147483646')
    expect(() => make()).not.toThrow()
  })

  it('refuses to start with a spool directory that cannot be created, naming the cause', () => {
    const file = join(dir, 'not-a-dir')
    writeFileSync(file, 'x')
    expect(() => make({ spool: { dir: join(file, 'spool') } })).toThrow(/ENOTDIR/)
  })

  it('keeps points in memory and reports the disk problem when a new segment cannot be created', async () => {
    store.failForever()
    const problems: string[] = []
    const p = make({ spool: { dir, fsyncIntervalMs: 0, segmentBytes: 200 }, onSpoolProblem: (m) => problems.push(m) })
    p.push(samples(0, 10))
    rmSync(dir, { recursive: true, force: true })
    p.push(samples(10, 10))
    expect(problems[0]).toMatch(/cannot create a spool segment \(ENOENT.*keeping points in memory meanwhile/)
    expect(p.stats().spool?.lastError).toBe(problems[0])
    store.recover()
    await p.flush()
    expect(store.stored.map((s) => s.value)).toEqual(samples(0, 20).map((s) => s.value))
  })
})
