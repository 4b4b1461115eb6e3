// The one Store contract, run against the embedded DuckDB store (a temp file)
// and against a real influxd started on a loopback port for this file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import { createInfluxStore } from '../../server/store/influx.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { stateContract } from './state-contract.ts'
import { aggregateContract } from './aggregate-contract.ts'
import { storeContract } from './store-contract.ts'

describe('DuckDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-contract-'))
  let n = 0
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  storeContract('duckdb', async () => createDuckDbStore({ path: join(dir, `store-${++n}.duckdb`) }))
  stateContract('duckdb', () => {
    const path = join(dir, `state-${++n}.duckdb`)
    return () => createDuckDbStore({ path })
  })
  aggregateContract('duckdb', async () => createDuckDbStore({ path: join(dir, `store-${++n}.duckdb`) }))
})

describe.skipIf(!influxdBinary.path)('InfluxDB', () => {
  let influxd: RunningInfluxd
  let n = 0
  beforeAll(async () => {
    influxd = await startInfluxd()
  })
  afterAll(async () => {
    await influxd?.stop()
  })
  // A fresh database per test, so every case starts from an empty store.
  storeContract('influxdb', async () => createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/contract_${++n}` }))
  stateContract('influxdb', () => {
    const url = `http://127.0.0.1:${influxd.port}/state_${++n}`
    return () => createInfluxStore({ url })
  })
  aggregateContract('influxdb', async () => createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/contract_${++n}` }))
})
