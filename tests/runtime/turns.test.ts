// Sliced background jobs resume one per event-loop turn, so other callbacks
// (sockets, HTTP) run between any two jobs' slices instead of after all of them.
import { describe, expect, it } from 'vitest'
import { nextTurn, slicer } from '../../server/turns.ts'

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
})
