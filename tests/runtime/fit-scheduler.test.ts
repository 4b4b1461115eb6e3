// The fit scheduler's bookkeeping with a hand-driven executor: what it counts
// as outstanding, and which finished fits it hands to the next pass.
import { describe, expect, it } from 'vitest'
import { computeEngine } from '../../server/capacity/engine.ts'
import type { EngineInput } from '../../server/capacity/engine-input.ts'
import type { CachedSeries, EngineCache } from '../../server/capacity/forecast/series-types.ts'
import { DAY_MS, HOUR_MS, type Bucket } from '../../server/capacity/forecast/types.ts'
import { computeSnapshot } from '../../server/capacity/snapshot/snapshot.ts'
import { engineSettingsSchema } from '../../server/config/engine-schema.ts'
import { augursBackend } from '../../server/runtime/augurs-backend.ts'
import type { FitExecutor } from '../../server/runtime/fit-executor.ts'
import type { FitReply, FitRequest } from '../../server/runtime/fit-job.ts'
import { createFitScheduler } from '../../server/runtime/fit-scheduler.ts'
import { estate as parseEstate, metric } from '../capacity/fixtures.ts'

const now = new Date('2025-03-01T12:00:00Z')
const today = Date.parse('2025-03-01T00:00:00Z')

function hourly(days: number, peakOf: (d: number) => number): Bucket[] {
  const out: Bucket[] = []
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++) {
      const peak = peakOf(d)
      out.push({ at: today - (days - d) * DAY_MS + h * HOUR_MS, mean: peak / 2, max: h === 18 ? peak : peak / 2 })
    }
  return out
}

const estate = parseEstate({
  name: 'fits',
  applications: [{ id: 'a', name: 'A', metrics: [metric('m1', 400), metric('m2', 400)] }],
})
const input = (history: Map<string, Bucket[]>): EngineInput => ({
  estate,
  settings: engineSettingsSchema.parse({ forecast: { modelMinDays: 28 } }),
  history,
  drivers: new Map(),
  snapshot: computeSnapshot(estate, new Map(), now),
  now,
  backend: augursBackend(),
})
const series = (bump: number) =>
  new Map([
    ['a/m1', hourly(40, (d) => 100 + d + bump)],
    ['a/m2', hourly(40, (d) => 200 - d + bump)],
  ])

/** An executor whose batches finish when the test says, each with the series' own provisional forecast as "fit". */
function handDriven(cache: () => EngineCache) {
  const batches: { req: FitRequest; finish: () => void }[] = []
  const executor: FitExecutor = {
    kind: 'test',
    parallelism: 1,
    run: (req) =>
      new Promise<FitReply>((resolve) => {
        const results = req.jobs.map((j) => {
          const e = cache().series.get(j.key) as CachedSeries
          return {
            key: j.key,
            forecast: e.forecast,
            fitted: e.fitted,
            backtest: { ok: false as const, reason: 'test' },
            backtestAsOf: null,
          }
        })
        batches.push({ req, finish: () => resolve({ batch: req.batch, results }) })
      }),
    close: async () => undefined,
  }
  return { executor, batches }
}

/** No batch of these tests may fail. */
const failLoudly = (err: unknown): never => {
  throw err
}
const settle = () => new Promise((r) => setTimeout(r, 10))
const fitted = (c: EngineCache): EngineCache => ({
  series: new Map([...c.series].map(([k, e]) => [k, { ...e, provisional: false, backtest: { ok: false, reason: 'done' } }])),
})

describe('createFitScheduler()', () => {
  it('counts nothing outstanding once a batch in flight ends, even if a pass stopped wanting its series meanwhile', async () => {
    const first = computeEngine({ ...input(series(0)), fitBudget: 0 }).cache
    const { executor, batches } = handDriven(() => first)
    const fits = createFitScheduler(executor, failLoudly)
    await fits.schedule(input(series(0)), first)
    expect(batches).toHaveLength(1)
    expect(fits.outstanding()).toBe(2)
    // A later pass finds both series fitted (say, by another server's worker): nothing is wanted.
    await fits.schedule(input(series(0)), fitted(first))
    batches[0]?.finish()
    await settle()
    expect(fits.outstanding()).toBe(0)
  })

  it('drops a fit of values the series no longer has, and fits the new ones', async () => {
    const first = computeEngine({ ...input(series(0)), fitBudget: 0 }).cache
    const { executor, batches } = handDriven(() => first)
    const fits = createFitScheduler(executor, failLoudly)
    await fits.schedule(input(series(0)), first)
    // New daily peaks land while the batch is in flight.
    const second = computeEngine({ ...input(series(5)), fitBudget: 0, cache: first }).cache
    await fits.schedule(input(series(5)), second)
    batches[0]?.finish()
    await settle()
    // The old values' fit is not offered as the new values' forecast...
    expect(fits.apply(second)).toBe(second)
    // ...and the new values are queued and fitted.
    expect(batches).toHaveLength(2)
    batches[1]?.finish()
    await settle()
    expect(fits.outstanding()).toBe(0)
    const applied = fits.apply(second) as EngineCache
    expect([...applied.series.values()].every((e) => !e.provisional)).toBe(true)
  })
})
