// The pipeline end to end into a real DuckDB file: what a collector pushes is
// what a chart reads back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Sample } from '../../collectors/types.ts'
import { createWritePipeline } from '../../server/ingest/pipeline.ts'
import { createDuckDbStore } from '../../server/store/duckdb.ts'

describe('createWritePipeline() with a DuckDB store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-ingest-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('stores every valid sample once when batches repeat points and include bad ones', async () => {
    const store = createDuckDbStore({ path: join(dir, 'ingest.duckdb') })
    await store.init()
    const written: number[] = []
    const pipeline = createWritePipeline({
      store,
      batchSize: 1000,
      isKnown: (app) => app !== 'ghost',
      onWritten: (points) => written.push(points.length),
    })
    const base = Date.UTC(2026, 0, 1)
    const batch: Sample[] = []
    for (let i = 0; i < 12_000; i++) {
      batch.push({
        app: 'sm2m',
        metric: 'tps',
        value: i % 10,
        at: new Date(base + i * 1000),
        tags: { site: i % 2 ? 'north' : 'south' },
      })
    }
    pipeline.push(batch)
    // A re-import of the first 500 points with new values, plus junk.
    pipeline.push(batch.slice(0, 500).map((s) => ({ ...s, value: 100 })))
    pipeline.push([
      { app: 'ghost', metric: 'tps', value: 1, at: new Date(base) },
      { ...batch[0]!, value: Number.NaN },
    ])
    await pipeline.close()

    expect(pipeline.stats()).toMatchObject({
      accepted: 12_500,
      written: 12_500,
      rejected: { 'unknown-metric': 1, 'not-finite': 1 },
      dropped: 0,
      buffered: 0,
    })
    expect(written.reduce((a, b) => a + b, 0)).toBe(12_500)
    const [bucket] = await store.range({
      app: 'sm2m',
      metric: 'tps',
      from: new Date(base),
      to: new Date(base + 86_400_000),
      stepMs: 86_400_000,
    })
    expect(bucket?.count).toBe(12_000)
    expect(bucket?.max).toBe(100)
    const north = await store.range({
      app: 'sm2m',
      metric: 'tps',
      from: new Date(base),
      to: new Date(base + 86_400_000),
      stepMs: 86_400_000,
      tags: { site: 'north' },
    })
    expect(north[0]?.count).toBe(6000)
    await store.close()
  })
})
