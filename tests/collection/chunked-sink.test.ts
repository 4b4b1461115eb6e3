import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { Sample } from '../../collectors/types.ts'
import { createChunkedSink } from '../../server/collection/chunked-sink.ts'

const samples = (from: number, n: number): Sample[] =>
  Array.from({ length: n }, (_, i) => ({ app: 'a', metric: 'm', value: from + i, at: new Date(0) }))
const log = pino({ level: 'silent' })

describe('createChunkedSink()', () => {
  it('pushes a small run at once', () => {
    const pushed: number[][] = []
    const s = createChunkedSink((x) => pushed.push(x.map((p) => p.value)), log, 3)
    s.sink(samples(0, 3))
    expect(pushed).toEqual([[0, 1, 2]])
  })

  it('pushes a large run a chunk per turn (the first at once), and later runs after it in order', async () => {
    const pushed: number[][] = []
    const s = createChunkedSink((x) => pushed.push(x.map((p) => p.value)), log, 3)
    s.sink(samples(0, 7))
    s.sink(samples(100, 2))
    // Only the first chunk went in synchronously; the small run waits its turn behind the large one.
    expect(pushed).toEqual([[0, 1, 2]])
    await s.drained()
    expect(pushed).toEqual([[0, 1, 2], [3, 4, 5], [6], [100, 101]])
  })

  it('keeps draining after the pipeline refuses a chunk', async () => {
    const pushed: number[][] = []
    const s = createChunkedSink(
      (x) => {
        if (x[0]?.value === 3) throw new Error('refused')
        pushed.push(x.map((p) => p.value))
      },
      log,
      3,
    )
    s.sink(samples(0, 7))
    await s.drained()
    s.sink(samples(10, 1))
    expect(pushed).toEqual([[0, 1, 2], [6], [10]])
  })
})
