// A collector watching a perf-test rig labels its samples environment=<id>;
// live collectors' samples stay unlabelled. Through the real scheduler, for a
// live run and for backfill.
import { afterEach, describe, expect, it } from 'vitest'
import { labelEnvironment } from '../../collectors/environment.ts'
import { createScheduler, type Scheduler } from '../../collectors/scheduler.ts'
import type { CollectorPlugin, Sample } from '../../collectors/types.ts'
import { entry, silentLog, testPlugin, tinyEstate } from './support.ts'

const at = new Date('2026-11-26T10:00:00.000Z')
const load: Sample = { app: 'app', metric: 'tps', value: 7, at, tags: { node: 'n1' } }
const driver: Sample = { app: 'drivers', metric: 'installs', value: 3, at }

describe('labelEnvironment()', () => {
  it.each([
    { environment: undefined, expected: [load, driver] },
    { environment: 'live', expected: [load, driver] },
    // A rig has load, not meter installs: its driver samples are dropped.
    { environment: 'perf', expected: [{ ...load, tags: { node: 'n1', environment: 'perf' } }] },
  ])('labelEnvironment() gives $expected.length sample(s) when the environment is $environment', ({ environment, expected }) => {
    expect(labelEnvironment(environment === undefined ? {} : { environment }, [load, driver])).toEqual(expected)
  })
})

describe('scheduler with an environment', () => {
  let scheduler: Scheduler | null = null
  afterEach(async () => {
    await scheduler?.stop()
    scheduler = null
  })

  function make(environment: string): { batches: Sample[][]; scheduler: Scheduler } {
    const batches: Sample[][] = []
    const plugin: CollectorPlugin = {
      ...testPlugin('rig', async (_c, acc) => {
        acc.add(load)
        acc.add(driver)
      }),
      async backfill(_c, _from, _to, acc) {
        acc.add(load)
      },
    }
    scheduler = createScheduler({
      entries: [entry('rig', 'rig', { environment })],
      estate: tinyEstate,
      log: silentLog,
      sink: (s) => batches.push(s),
      plugins: [plugin],
    })
    return { batches, scheduler }
  }

  it('runOnce() hands the sink perf-labelled samples when the collector watches the perf environment', async () => {
    const { batches, scheduler: s } = make('perf')
    await s.runOnce('rig')
    expect(batches).toEqual([[{ ...load, tags: { node: 'n1', environment: 'perf' } }]])
  })

  it('backfill() labels the history of a perf collector too', async () => {
    const { batches, scheduler: s } = make('perf')
    await s.backfill(new Date(at.getTime() - 3_600_000), at)
    expect(batches.flat().map((x) => x.tags?.environment)).toEqual(['perf'])
  })
})
