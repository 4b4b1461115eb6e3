import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createScheduler, type Scheduler } from '../../collectors/scheduler.ts'
import type { Sample } from '../../collectors/types.ts'
import { delay, entry, hang, sampleAt, silentLog, testPlugin, tinyEstate } from './support.ts'

const START = new Date('2026-11-26T10:00:00.000Z')

describe('scheduler', () => {
  let scheduler: Scheduler | null = null
  const batches: Sample[][] = []

  beforeEach(() => {
    vi.useFakeTimers({ now: START })
    batches.length = 0
  })
  afterEach(async () => {
    // stop() waits for in-flight runs, which only finish as fake time moves.
    const stopping = scheduler?.stop()
    await vi.runOnlyPendingTimersAsync()
    await stopping
    scheduler = null
    vi.useRealTimers()
  })

  function make(plugins: ReturnType<typeof testPlugin>[], entries: ReturnType<typeof entry>[], more = {}): Scheduler {
    scheduler = createScheduler({
      entries,
      estate: tinyEstate,
      log: silentLog,
      sink: (s) => batches.push(s),
      plugins,
      random: () => 0,
      ...more,
    })
    return scheduler
  }

  it('runOnce() records ok health and sends the samples as one array when the plugin succeeds', async () => {
    const ok = testPlugin('ok', async (_c, acc, ctx) => {
      acc.add(sampleAt(ctx.now()))
      acc.add(sampleAt(ctx.now()))
    })
    const s = make([ok], [entry('good', 'ok')])
    const h = await s.runOnce('good')
    expect(h).toMatchObject({
      id: 'good',
      type: 'ok',
      state: 'ok',
      lastSuccess: START.toISOString(),
      lastSamples: 2,
      lastDurationMs: 0,
      errorCount: 0,
      lastError: null,
      skippedOverlaps: 0,
    })
    expect(batches).toHaveLength(1)
    expect(batches[0]).toHaveLength(2)
  })

  it('runOnce() hands the data dir to the plugin as ctx.dataDir when the scheduler is given one', async () => {
    const seen: (string | undefined)[] = []
    const p = testPlugin('ok', async (_c, _acc, ctx) => void seen.push(ctx.dataDir))
    await make([p], [entry('good', 'ok')], { dataDir: '/var/lib/headroom' }).runOnce('good')
    expect(seen).toEqual(['/var/lib/headroom'])
  })

  it('runOnce() keeps the run ok but records the target error when one target fails and others deliver', async () => {
    const partial = testPlugin('partial', async (_c, acc, ctx) => {
      acc.add(sampleAt(ctx.now()))
      acc.addError(new Error('[url=http://10.0.0.9/metrics] connection refused'))
    })
    const h = await make([partial], [entry('p', 'partial')]).runOnce('p')
    expect(h.state).toBe('ok')
    expect(h.errorCount).toBe(1)
    expect(h.lastError?.message).toBe('[url=http://10.0.0.9/metrics] connection refused')
  })

  it('runOnce() aborts the run signal and reports a timeout when the plugin runs past its timeout', async () => {
    const slow = testPlugin('slow', (_c, _acc, ctx) => delay(60_000, ctx.signal))
    const s = make([slow], [entry('slow', 'slow', { timeout: '2s' })])
    const result = s.runOnce('slow')
    await vi.advanceTimersByTimeAsync(2_000)
    const h = await result
    expect(slow.signals[0]?.aborted).toBe(true)
    expect(h.state).toBe('backoff')
    expect(h.lastError?.message).toBe('[collector=slow] timed out after 2s')
    expect(h.lastDurationMs).toBe(2_000)
  })

  it('runOnce() stops waiting at the timeout and refuses a second run while a plugin ignores its signal', async () => {
    const stuck = testPlugin('stuck', () => hang())
    const s = make([stuck], [entry('stuck', 'stuck', { timeout: '1s' })])
    const first = s.runOnce('stuck')
    await vi.advanceTimersByTimeAsync(1_000)
    expect((await first).lastError?.message).toContain('timed out after 1s')
    const second = await s.runOnce('stuck')
    expect(stuck.calls).toBe(1)
    expect(second.skippedOverlaps).toBe(1)
  })

  it('start() skips and counts ticks that arrive while the previous run is still going', async () => {
    const slow = testPlugin('slow', (_c, _acc, ctx) => delay(2_500, ctx.signal))
    const s = make([slow], [entry('slow', 'slow')])
    s.start()
    // Ticks at +1..+5 s: runs start at +1 (ends +3.5) and +4; +2, +3 and +5 are skipped.
    await vi.advanceTimersByTimeAsync(5_500)
    expect(slow.calls).toBe(2)
    expect(s.health()[0]?.skippedOverlaps).toBe(3)
  })

  it('start() backs off after a failure and skips ticks until the backoff has passed', async () => {
    const failing = testPlugin('down', async () => {
      throw new Error('[url=http://10.0.0.9] connection refused')
    })
    // random() = 0 gives the lower bound: half of base x 2^(failures-1).
    const s = make([failing], [entry('down', 'down')], { backoff: { baseMs: 8_000, maxMs: 600_000 } })
    s.start()
    await vi.advanceTimersByTimeAsync(1_500)
    expect(failing.calls).toBe(1)
    const h = s.health()[0]
    expect(h?.state).toBe('backoff')
    expect(h?.nextAttemptAt).toBe(new Date(START.getTime() + 1_000 + 4_000).toISOString())
    // Ticks at +2, +3, +4 s fall inside the 4 s backoff; +5 s may run again.
    await vi.advanceTimersByTimeAsync(4_000)
    expect(failing.calls).toBe(2)
    expect(s.health()[0]?.skippedBackoff).toBe(3)
    expect(s.health()[0]?.lastError?.message).toBe('[url=http://10.0.0.9] connection refused')
  })

  it('runOnce() doubles the backoff on each consecutive failure up to the ceiling', async () => {
    const failing = testPlugin('down', async () => {
      throw new Error('boom')
    })
    const s = make([failing], [entry('down', 'down')], { backoff: { baseMs: 1_000, maxMs: 4_000 } })
    const waits: number[] = []
    for (let i = 0; i < 5; i++) {
      const h = await s.runOnce('down')
      waits.push(Date.parse(h.nextAttemptAt ?? '') - Date.parse(h.lastRunAt ?? ''))
      expect(h.consecutiveFailures).toBe(i + 1)
    }
    expect(waits).toEqual([500, 1_000, 2_000, 2_000, 2_000])
    expect(s.health()[0]?.lastError?.message).toBe('[collector=down] boom')
    expect(s.health()[0]?.errorCount).toBe(5)
  })

  it('start() keeps a healthy collector on schedule while another hangs forever', async () => {
    const stuck = testPlugin('stuck', () => hang())
    const ok = testPlugin('ok', async (_c, acc, ctx) => acc.add(sampleAt(ctx.now())))
    const s = make([stuck, ok], [entry('stuck', 'stuck', { timeout: '1m' }), entry('good', 'ok')])
    s.start()
    await vi.advanceTimersByTimeAsync(5_500)
    expect(ok.calls).toBe(5)
    expect(batches).toHaveLength(5)
    expect(stuck.calls).toBe(1)
    const byId = Object.fromEntries(s.health().map((h) => [h.id, h]))
    expect(byId.stuck?.state).toBe('running')
    expect(byId.stuck?.skippedOverlaps).toBe(4)
    expect(byId.good?.state).toBe('ok')
  })

  it('stop() aborts an in-flight run and resolves', async () => {
    const slow = testPlugin('slow', (_c, _acc, ctx) => delay(60_000, ctx.signal))
    const s = make([slow], [entry('slow', 'slow', { timeout: '1m' })])
    const run = s.runOnce('slow')
    await vi.advanceTimersByTimeAsync(10)
    await s.stop()
    scheduler = null
    expect(slow.signals[0]?.aborted).toBe(true)
    expect((await run).lastError?.message).toBe('[collector=slow] stopped while running')
  })

  it('health() lists a disabled collector as idle and never runs it', async () => {
    const ok = testPlugin('ok', async () => undefined)
    const s = make([ok], [entry('off', 'ok', { enabled: false })])
    s.start()
    await vi.advanceTimersByTimeAsync(3_000)
    expect(ok.calls).toBe(0)
    expect(s.health()[0]).toMatchObject({ id: 'off', state: 'idle', enabled: false })
  })

  it('onHealth() hears running then ok for each run, and runOnce() names the known ids for an unknown one', async () => {
    const seen: string[] = []
    const ok = testPlugin('ok', async () => undefined)
    const s = make([ok], [entry('good', 'ok')], {
      onHealth: (h: { id: string; state: string }) => seen.push(`${h.id}:${h.state}`),
    })
    await s.runOnce('good')
    expect(seen).toEqual(['good:running', 'good:ok'])
    await expect(s.runOnce('nope')).rejects.toThrow('unknown collector id "nope"; known: good')
  })

  it('createScheduler() throws naming the entry when a collector type is unknown', () => {
    expect(() => make([], [entry('x', 'nope')])).toThrow('collectors.yaml collectors.0.type: unknown collector type "nope"')
  })
})
