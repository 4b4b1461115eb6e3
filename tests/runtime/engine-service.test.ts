// The engine service against a real DuckDB store and the real augurs
// backend: its saved cache lets a restarted service answer with the models
// fitted before the restart, and perf-test points under the metric's own
// name never reach the engine's history.
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Point, Store } from '../../server/store/types.ts'
import { ObservationCache } from '../../server/runtime/observations.ts'
import { defaultEngineFile } from '../../server/config/engine-file.ts'
import { createEngineService, type EngineService } from '../../server/runtime/engine-service.ts'
import { createLogger } from '../../server/log.ts'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import { tinyEstate } from '../collectors/support.ts'

const HOUR = 3_600_000
const NOW = new Date('2026-11-26T10:30:00Z')
let dir: string
let store: Store

/** 60 days of hourly tps with a daily cycle and a slow rise, plus one perf-test point far above it. */
function history(): Point[] {
  const start = NOW.getTime() - 60 * 24 * HOUR
  const points: Point[] = []
  for (let t = start; t < NOW.getTime(); t += HOUR) {
    const h = new Date(t).getUTCHours()
    const day = (t - start) / (24 * HOUR)
    points.push({ app: 'app', metric: 'tps', value: 20 + day * 0.3 + (h >= 9 && h < 17 ? 15 : 0), at: new Date(t) })
  }
  points.push({
    app: 'app',
    metric: 'tps',
    value: 5000,
    at: new Date(NOW.getTime() - 3 * 24 * HOUR),
    tags: { source: 'perf-test' },
  })
  return points
}

function service(cacheFile: string, fitBudget: number): EngineService {
  const cache = new ObservationCache(tinyEstate)
  return createEngineService({
    store,
    estate: () => tinyEstate,
    engine: defaultEngineFile,
    cache,
    log: createLogger('silent'),
    now: () => NOW,
    fitBudget,
    cacheFile,
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-engine-service-'))
  store = createDuckDbStore({ path: join(dir, 'store.duckdb') })
  await store.init()
  await store.write(history())
})
afterAll(async () => {
  await store?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('createEngineService()', () => {
  it('refresh() answers from the saved cache without refitting when a new service starts on the same file', async () => {
    const file = join(dir, 'data', 'engine-cache.json')
    const first = service(file, 100)
    const cold = await first.refresh('test')
    expect(cold?.stats.fitted).toBeGreaterThan(0)
    await first.stop()
    expect(existsSync(file)).toBe(true)

    // A budget of 0 would leave a cold start on provisional stand-ins: only the saved models can make it real.
    const second = service(file, 0)
    const warm = await second.refresh('restart')
    await second.stop()
    expect(warm?.stats.fitted).toBe(0)
    const metric = warm?.metrics[0]
    const before = cold?.metrics[0]
    expect(before?.forecast?.model).toEqual(expect.any(String))
    expect(metric?.forecast?.model).toBe(before?.forecast?.model)
    expect(metric?.forecast?.provisional ?? false).toBe(false)
    expect(metric?.p50Breach).toEqual(before?.p50Breach)
  })

  it('refresh() refits (and logs) instead of failing when the saved cache is not valid JSON', async () => {
    const file = join(dir, 'bad-cache.json')
    await writeFile(file, '{ not json')
    const s = service(file, 100)
    const result = await s.refresh('test')
    await s.stop()
    expect(result?.stats.fitted).toBeGreaterThan(0)
  })

  it('refresh() keeps perf-test points out of the history the engine reads', async () => {
    const s = service(join(dir, 'perf-cache.json'), 100)
    const result = await s.refresh('test')
    await s.stop()
    const maxPeak = result?.cache.series.get('app/tps')?.maxPeak
    expect(maxPeak).toBeGreaterThan(50)
    expect(maxPeak).toBeLessThan(100)
  })
})
