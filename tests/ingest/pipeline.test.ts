import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Sample } from '../../collectors/types.ts'
import { createWritePipeline } from '../../server/ingest/pipeline.ts'
import type { WritePipeline, WritePipelineOptions } from '../../server/ingest/types.ts'
import { StoreRejectedError } from '../../server/store/errors.ts'
import { createFailingStore, type FailingStore } from './failing-store.ts'

const sample = (i: number, extra: Partial<Sample> = {}): Sample => ({
  app: 'ggsn-north',
  metric: 'pdp',
  value: i,
  at: new Date(1_700_000_000_000 + i * 1000),
  ...extra,
})
const samples = (from: number, n: number) => Array.from({ length: n }, (_, k) => sample(from + k))

describe('createWritePipeline()', () => {
  let store: FailingStore
  let pipeline: WritePipeline | null = null
  const make = (o: Partial<WritePipelineOptions> = {}) => {
    pipeline = createWritePipeline({ store, random: () => 1, ...o })
    return pipeline
  }

  beforeEach(() => {
    vi.useFakeTimers()
    store = createFailingStore()
  })
  afterEach(async () => {
    store.recover()
    const closing = pipeline?.close()
    await vi.runAllTimersAsync()
    await closing
    pipeline = null
    vi.useRealTimers()
  })

  it('push() counts each rejected sample by reason and tells onReject why', () => {
    const onReject = vi.fn()
    const p = make({ onReject, isKnown: (app, metric) => !(app === 'ggsn-north' && metric === 'foo') })
    p.push([
      sample(1, { value: Number.NaN }),
      sample(2, { value: Number.POSITIVE_INFINITY }),
      sample(3, { at: new Date('not a date') }),
      sample(4, { metric: 'foo' }),
      sample(5, { tags: { app: 'x' } }),
      sample(6, { tags: { '': 'x' } }),
      sample(7, { app: '' }),
      sample(8),
    ])
    expect(p.stats()).toMatchObject({
      accepted: 1,
      rejected: { 'not-finite': 2, 'invalid-date': 1, 'unknown-metric': 1, 'bad-tags': 2, 'bad-name': 1 },
    })
    expect(onReject).toHaveBeenCalledWith('unknown-metric', sample(4, { metric: 'foo' }), 'unknown metric ggsn-north/foo', 1)
    expect(onReject.mock.calls[0]?.[2]).toBe('value NaN of ggsn-north/pdp is not a finite number')
  })

  it('writes a full batch without waiting for the timer when batchSize points are buffered', async () => {
    const p = make({ batchSize: 5 })
    p.push(samples(0, 12))
    await vi.advanceTimersByTimeAsync(0)
    expect(store.attempts.map((b) => b.length)).toEqual([5, 5])
    expect(p.stats()).toMatchObject({ written: 10, buffered: 2 })
  })

  it('writes a partial batch only when flushIntervalMs has passed', async () => {
    const p = make({ batchSize: 100, flushIntervalMs: 1000 })
    p.push(samples(0, 3))
    await vi.advanceTimersByTimeAsync(999)
    expect(store.stored).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(store.stored.map((s) => s.value)).toEqual([0, 1, 2])
  })

  it('flush() resolves once everything pushed so far is written', async () => {
    const p = make({ batchSize: 100 })
    p.push(samples(0, 3))
    await p.flush()
    expect(p.stats()).toMatchObject({ accepted: 3, written: 3, buffered: 0 })
  })

  it('retries the same batch with doubling delays when the store fails, then writes it', async () => {
    const delays: number[] = []
    const p = make({ batchSize: 4, retryBaseMs: 100, onRetry: (_e, _a, ms) => delays.push(ms) })
    store.failNext(3)
    p.push(samples(0, 4))
    const flushed = p.flush()
    await vi.advanceTimersByTimeAsync(100 + 200 + 400)
    await flushed
    expect(delays).toEqual([100, 200, 400])
    expect(store.attempts).toHaveLength(4)
    expect(store.attempts.every((b) => b.map((s) => s.value).join() === '0,1,2,3')).toBe(true)
    expect(p.stats()).toMatchObject({ written: 4, retries: 3, lastError: 'store unavailable (injected)' })
  })

  it('caps and jitters the retry delay when random varies', async () => {
    const delays: number[] = []
    const p = make({ batchSize: 1, retryBaseMs: 100, retryMaxMs: 300, random: () => 0, onRetry: (_e, _a, ms) => delays.push(ms) })
    store.failNext(4)
    p.push(samples(0, 1))
    await vi.advanceTimersByTimeAsync(10_000)
    // random 0 -> half of min(cap, base·2^n)
    expect(delays).toEqual([50, 100, 150, 150])
    expect(p.stats().written).toBe(1)
  })

  it('drops the oldest queued points and keeps the newest when maxBuffered is exceeded', async () => {
    const onDrop = vi.fn()
    const p = make({ batchSize: 5, maxBuffered: 10, onDrop })
    store.failForever()
    p.push(samples(0, 5)) // becomes the in-flight batch, kept for retry
    await vi.advanceTimersByTimeAsync(0)
    p.push(samples(100, 20))
    expect(p.stats()).toMatchObject({ dropped: 15, buffered: 10 })
    expect(onDrop).toHaveBeenCalledWith(15, 'more than 10 points buffered (store failing or slower than the collectors)')
    store.recover()
    await vi.advanceTimersByTimeAsync(60_000)
    await p.flush()
    expect(store.stored.map((s) => s.value)).toEqual([0, 1, 2, 3, 4, 115, 116, 117, 118, 119])
  })

  it('pushBulk() drops nothing and waits for room when it gets more points than maxBuffered', async () => {
    const p = make({ batchSize: 5, maxBuffered: 10 })
    store.failNext(2)
    const bulk = p.pushBulk(samples(0, 42))
    await vi.advanceTimersByTimeAsync(60_000)
    await bulk
    await p.flush()
    expect(p.stats()).toMatchObject({ accepted: 42, written: 42, dropped: 0, retries: 2 })
    // With two batches in flight a retried batch lands after newer ones; every point still arrives once.
    expect(store.stored.map((s) => s.value).sort((a, b) => a - b)).toEqual(samples(0, 42).map((s) => s.value))
  })

  it('pushBulk() returns when close() is called while it waits on a dead store', async () => {
    const p = make({ batchSize: 5, maxBuffered: 10, closeTimeoutMs: 1000 })
    store.failForever()
    const bulk = p.pushBulk(samples(0, 30))
    await vi.advanceTimersByTimeAsync(0)
    const closed = p.close()
    await vi.advanceTimersByTimeAsync(1000)
    await Promise.all([bulk, closed])
    expect(p.stats()).toMatchObject({ written: 0, dropped: 10, rejected: { closed: 20 } })
  })

  it('counts a refused batch as rejected without retrying when the store rejects it', async () => {
    const onReject = vi.fn()
    const p = make({ batchSize: 3, onReject })
    store.failNext(1, new StoreRejectedError('beyond retention', 2))
    p.push(samples(0, 6))
    await p.flush()
    expect(store.attempts).toHaveLength(2)
    expect(p.stats()).toMatchObject({ written: 4, retries: 0, rejected: { 'store-rejected': 2 }, lastError: 'beyond retention' })
    expect(onReject).toHaveBeenCalledWith('store-rejected', sample(0), 'beyond retention', 2)
  })

  it('calls onWritten with exactly the stored points when a batch succeeds', async () => {
    const seen: number[] = []
    const p = make({ batchSize: 2, onWritten: (points) => seen.push(...points.map((x) => x.value)) })
    p.push(samples(0, 3))
    await p.flush()
    expect(seen).toEqual([0, 1, 2])
  })

  it('close() writes what is left and rejects samples pushed afterwards', async () => {
    const p = make({ batchSize: 100 })
    p.push(samples(0, 3))
    await p.close()
    p.push(samples(3, 1))
    expect(store.stored).toHaveLength(3)
    expect(p.stats()).toMatchObject({ written: 3, rejected: { closed: 1 } })
  })

  it('close() gives up after closeTimeoutMs and counts the unwritten points as dropped when the store stays down', async () => {
    const p = make({ batchSize: 2, closeTimeoutMs: 5000 })
    store.failForever()
    p.push(samples(0, 5))
    const closed = p.close()
    await vi.advanceTimersByTimeAsync(5000)
    await closed
    expect(p.stats()).toMatchObject({ written: 0, dropped: 5, buffered: 0 })
  })

  it('keeps at most maxInFlight batches at the store when writes are slow', async () => {
    let outstanding = 0
    let most = 0
    const slow = {
      ...createFailingStore(),
      async write() {
        outstanding++
        most = Math.max(most, outstanding)
        await new Promise((r) => setTimeout(r, 100))
        outstanding--
      },
    }
    const p = createWritePipeline({ store: slow, batchSize: 2, maxInFlight: 2 })
    p.push(samples(0, 10))
    await vi.advanceTimersByTimeAsync(1000)
    await p.close()
    expect(most).toBe(2)
    expect(p.stats().written).toBe(10)
  })

  it('writes strictly one batch at a time when maxInFlight is 1', async () => {
    const p = make({ batchSize: 2, maxInFlight: 1 })
    store.failNext(1)
    p.push(samples(0, 4))
    await vi.advanceTimersByTimeAsync(10_000)
    await p.flush()
    // The failed first batch is retried before the second is tried at all.
    expect(store.attempts.map((b) => b[0]?.value)).toEqual([0, 0, 2])
  })

  it('throws naming the option when batchSize is not positive', () => {
    expect(() => createWritePipeline({ store, batchSize: 0 })).toThrow(
      'createWritePipeline(): batchSize must be a number above 0; got 0',
    )
  })
})
