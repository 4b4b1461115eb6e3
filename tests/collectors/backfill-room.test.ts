// Backfill streams in bounded memory: when the sink returns a promise (the
// write pipeline storing a chunk), the simulator waits for room instead of
// generating history far ahead of the store.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { createScheduler } from '../../collectors/scheduler.ts'
import type { Sample } from '../../collectors/types.ts'
import { collectorsFileSchema, estateSchema } from '../../server/config/schema.ts'
import { silentLog } from './support.ts'

const estate = estateSchema.parse(parse(readFileSync('config/estate.yaml', 'utf8')))
const entries = collectorsFileSchema.parse(parse(readFileSync('config/collectors.yaml', 'utf8'))).collectors

describe('backfill back-pressure', () => {
  it('backfill() keeps at most a few chunks unstored when the sink is slower than the simulator', async () => {
    let unstored = 0
    let most = 0
    let total = 0
    const sink = (batch: Sample[]): Promise<void> => {
      unstored++
      most = Math.max(most, unstored)
      total += batch.length
      return new Promise((resolve) =>
        setTimeout(() => {
          unstored--
          resolve()
        }, 5),
      )
    }
    const s = createScheduler({ entries, estate, log: silentLog, sink })
    const n = await s.backfill(new Date('2026-11-10T00:00:00Z'), new Date('2026-11-26T00:00:00Z'))
    await s.stop()
    expect(total).toBe(n)
    // 16 days of the example estate is ~28 chunks; without back-pressure they would all be handed over at once.
    expect(n / 5000).toBeGreaterThan(20)
    expect(most).toBeLessThanOrEqual(3)
  })
})
