// Background imports through the real write pipeline into a real DuckDB file:
// progress events while a large file streams, the final state, the list, abort.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createImportJobs, type ImportJobs } from '../../server/imports/import-jobs.ts'
import type { ImportProgressEvent } from '../../server/http/api-types/collectors.ts'
import { createWritePipeline, type WritePipeline } from '../../server/ingest/pipeline.ts'
import { createLogger } from '../../server/log.ts'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import type { Store } from '../../server/store/types.ts'

const ROWS = 60_000

describe('createImportJobs()', () => {
  let dir: string
  let store: Store
  let pipeline: WritePipeline
  let jobs: ImportJobs
  const events: ImportProgressEvent[] = []

  async function upload(name: string, text: string): Promise<{ path: string; cleanup: string; bytes: number }> {
    const cleanup = join(dir, `up-${name}`)
    await mkdir(cleanup)
    const path = join(cleanup, name)
    await writeFile(path, text)
    return { path, cleanup, bytes: Buffer.byteLength(text) }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-jobs-'))
    store = createDuckDbStore({ path: join(dir, 'h.duckdb') })
    await store.init()
    pipeline = createWritePipeline({ store })
    jobs = createImportJobs({
      pipeline,
      isKnown: () => (app) => app === 'drivers',
      log: createLogger('silent'),
      progressIntervalMs: 0,
      keep: 2,
    })
    jobs.onProgress((e) => events.push(e))
  })
  afterAll(async () => {
    await jobs.close()
    await pipeline.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('start() reports progress part-way through a large file, then done with every row, and removes the upload', async () => {
    const lines = ['time,driver,value']
    const t0 = Date.UTC(2019, 0, 1)
    for (let i = 0; i < ROWS; i++) lines.push(`${new Date(t0 + i * 60_000).toISOString()},installs,${i % 500}`)
    const up = await upload('big.csv', lines.join('\n') + '\n')
    const id = jobs.newId()
    jobs.start(id, { path: up.path, cleanup: up.cleanup, name: 'big.csv', kind: 'auto', totalBytes: up.bytes })
    const final = await jobs.settled(id)
    expect(final).toMatchObject({ state: 'done', rows: ROWS, samples: ROWS, errorCount: 0, bytesRead: up.bytes })
    const partial = events.filter((e) => e.importId === id && e.state === 'running' && e.bytesRead > 0 && e.bytesRead < up.bytes)
    expect(partial.length).toBeGreaterThan(0)
    expect(events.filter((e) => e.importId === id).at(-1)?.state).toBe('done')
    expect(existsSync(up.cleanup)).toBe(false)
  }, 60_000)

  it('list() keeps only the most recent finished imports, newest first', async () => {
    for (const name of ['a.csv', 'b.csv']) {
      const up = await upload(name, 'time,driver,value\n2019-02-01,installs,1\n')
      const id = jobs.newId()
      jobs.start(id, { path: up.path, cleanup: up.cleanup, name, kind: 'auto', totalBytes: up.bytes })
      await jobs.settled(id)
    }
    expect(jobs.list().map((j) => j.name)).toEqual(['b.csv', 'a.csv'])
  })

  it('close() aborts a running import and it ends as failed with a sentence', async () => {
    const lines = ['time,driver,value']
    for (let i = 0; i < ROWS; i++) lines.push(`${new Date(Date.UTC(2018, 0, 1) + i * 60_000).toISOString()},installs,1`)
    const up = await upload('slow.csv', lines.join('\n') + '\n')
    const id = jobs.newId()
    jobs.start(id, { path: up.path, cleanup: up.cleanup, name: 'slow.csv', kind: 'auto', totalBytes: up.bytes })
    await jobs.close()
    const final = await jobs.settled(id)
    expect(final?.state).toBe('failed')
    expect(final?.message).toMatch(/^slow\.csv: import aborted after \d+ rows$/)
  })
})
