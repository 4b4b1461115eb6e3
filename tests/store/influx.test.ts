// InfluxDB-specific behaviour (retention policy, error kinds) against a real influxd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InfluxDB } from 'influx'
import { createInfluxStore } from '../../server/store/influx.ts'
import { StoreRejectedError } from '../../server/store/errors.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { freePort } from '../support/services.ts'

describe.skipIf(!influxdBinary.path)('createInfluxStore()', () => {
  let influxd: RunningInfluxd
  beforeAll(async () => {
    influxd = await startInfluxd()
  })
  afterAll(async () => {
    await influxd?.stop()
  })

  it('init() creates the database with headroom_rp as its default retention policy when both are missing', async () => {
    const store = createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/rp_check` })
    await store.init()
    const policies = await new InfluxDB({ host: '127.0.0.1', port: influxd.port }).showRetentionPolicies('rp_check')
    expect(policies.find((p) => p.name === 'headroom_rp')).toMatchObject({ duration: '9600h0m0s', default: true })
  })

  it('write() throws a StoreRejectedError with the count when points are older than the retention policy', async () => {
    const store = createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/too_old` })
    await store.init()
    const error = await store
      .write([
        { app: 'a', metric: 'm', value: 1, at: new Date(60_000) },
        { app: 'a', metric: 'm', value: 1, at: new Date() },
      ])
      .catch((err: unknown) => err)
    expect(error).toBeInstanceOf(StoreRejectedError)
    expect((error as StoreRejectedError).rejectedCount).toBe(1)
    expect((error as Error).message).toMatch(/refused 1 of 2 points/)
  })

  it('write() throws a plain error naming the URL when influxd is not reachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}/nowhere`
    const store = createInfluxStore({ url })
    const error = await store.write([{ app: 'a', metric: 'm', value: 1, at: new Date() }]).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(StoreRejectedError)
    expect((error as Error).message).toContain(`InfluxDB write of 1 points to ${url} failed`)
  })

  it('write() applies overlapping writes in call order when they are issued together', async () => {
    const store = createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/ordered` })
    await store.init()
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    const big = Array.from({ length: 20_000 }, (_, i) => ({
      app: 'a',
      metric: 'm',
      value: 1,
      at: new Date(at.getTime() - (i + 1) * 1000),
    }))
    // The first (large, slow) write carries the old value of the shared point; the small one after it must win.
    await Promise.all([
      store.write([...big, { app: 'a', metric: 'm', value: 1, at }]),
      store.write([{ app: 'a', metric: 'm', value: 2, at }]),
    ])
    expect((await store.latest()).map((l) => l.value)).toEqual([2])
  })

  it('write() refuses a sample tag named like a schema tag', async () => {
    const store = createInfluxStore({ url: influxd.url })
    await expect(store.write([{ app: 'a', metric: 'm', value: 1, at: new Date(), tags: { app: 'x' } }])).rejects.toThrow(
      'point a/m has a tag named "app", which the InfluxDB schema reserves',
    )
  })
})
