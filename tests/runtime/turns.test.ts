// Sliced background jobs resume one per event-loop turn, so other callbacks
// (sockets, HTTP) run between any two jobs' slices instead of after all of them.
import { describe, expect, it } from 'vitest'
import { inTurns, nextTurn, slicer } from '../../server/turns.ts'

describe('turns', () => {
  it('nextTurn() resumes one waiting job per turn, with other callbacks between them', async () => {
    const order: string[] = []
    const a = nextTurn().then(() => order.push('job a'))
    const b = nextTurn().then(() => order.push('job b'))
    setImmediate(() => order.push('other callback'))
    await Promise.all([a, b])
    expect(order).toEqual(['job a', 'other callback', 'job b'])
  })

  it('slicer() returns at once within its budget and yields a turn after it', async () => {
    const order: string[] = []
    const checkpoint = slicer(1_000_000)
    setImmediate(() => order.push('other callback'))
    await checkpoint()
    order.push('job within budget')
    const spent = slicer(0)
    const t0 = performance.now()
    // Spend the (zero) budget for certain.
    for (;;) if (performance.now() - t0 >= 2) break
    await spent()
    order.push('job after its budget')
    expect(order).toEqual(['job within budget', 'other callback', 'job after its budget'])
  })

  it('inTurns() applies a batch that fits in its slice before push() returns', () => {
    const applied: number[][] = []
    const sink = inTurns<number>({ apply: (x) => applied.push([...x]), chunk: 2, onError: () => undefined })
    sink.push([1, 2, 3])
    expect(applied).toEqual([[1, 2], [3]])
  })

  it('inTurns() spreads a batch over turns past its budget, in order, behind what was pushed first', async () => {
    const order: string[] = []
    // A budget below zero is always spent: a turn after every chunk.
    const sink = inTurns<number>({ apply: (x) => order.push(x.join('+')), chunk: 2, onError: () => undefined, budgetMs: -1 })
    setImmediate(() => order.push('other callback'))
    sink.push([1, 2, 3, 4, 5])
    sink.push([6])
    expect(order).toEqual(['1+2'])
    await sink.drained()
    expect(order.filter((x) => x !== 'other callback')).toEqual(['1+2', '3+4', '5', '6'])
    expect(order.indexOf('other callback')).toBeLessThan(order.indexOf('6'))
  })

  it('inTurns() hands a chunk that throws to onError and still applies the rest', async () => {
    const applied: number[] = []
    const errors: unknown[] = []
    const sink = inTurns<number>({
      apply: (x) => {
        if (x.includes(3)) throw new Error('refused 3')
        applied.push(...x)
      },
      chunk: 1,
      onError: (err) => errors.push(err),
      budgetMs: -1,
    })
    sink.push([1, 2, 3, 4])
    await sink.drained()
    expect(applied).toEqual([1, 2, 4])
    expect(errors.map((e) => (e as Error).message)).toEqual(['refused 3'])
  })
})
