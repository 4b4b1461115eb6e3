// `headroom collect --shard i/n` against a real influxd: only this shard's
// collectors run, their samples reach InfluxDB through the write pipeline,
// and /healthz + /metrics answer on the collect port.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NEEDS_INFLUX, parseCollectArgs, startCollect, type RunningCollect } from '../../server/cli/collect.ts'
import { selectShard } from '../../collectors/shard.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { repoRoot } from '../support/server.ts'

const ids = ['sim-a', 'sim-b', 'sim-c', 'sim-d', 'sim-e', 'sim-f']
const collectorsYaml = `collectors:\n${ids
  .map((id) => `  - id: ${id}\n    type: simulator\n    schedule: "* * * * * *"\n    timeout: 5s\n    config: { seed: ${id} }\n`)
  .join('')}`

async function configDir(root: string): Promise<string> {
  const dir = join(root, 'config')
  await cp(join(repoRoot, 'config'), dir, { recursive: true })
  await writeFile(join(dir, 'collectors.yaml'), collectorsYaml)
  return dir
}

describe('parseCollectArgs()', () => {
  it('parseCollectArgs() reads --shard i/n and HEADROOM_COLLECT_PORT', () => {
    expect(parseCollectArgs(['--shard', '1/3'], { HEADROOM_COLLECT_PORT: '9300' })).toEqual({
      shard: { index: 1, count: 3 },
      port: 9300,
    })
    expect(parseCollectArgs([], {})).toEqual({ shard: null, port: null })
  })
  it('parseCollectArgs() names the flag when the shard is out of range', () => {
    expect(() => parseCollectArgs(['--shard=2/2'], {})).toThrow('--shard expects "i/n" with 0 <= i < n (e.g. "0/2"), got "2/2"')
  })
  it('parseCollectArgs() lists the known options for a typo', () => {
    expect(() => parseCollectArgs(['--shards', '0/2'], {})).toThrow('collect: unknown option --shards (known: --shard)')
  })
})

describe('startCollect() with the embedded store', () => {
  it('startCollect() refuses DuckDB with a sentence naming HEADROOM_INFLUX_URL', async () => {
    const root = await mkdtemp(join(tmpdir(), 'headroom-collect-'))
    try {
      const settings = readSettings({ HEADROOM_DATA_DIR: join(root, 'data'), HEADROOM_CONFIG_DIR: await configDir(root) })
      await expect(startCollect({ settings, log: createLogger('silent'), shard: null, port: null })).rejects.toThrow(NEEDS_INFLUX)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!influxdBinary.path)('startCollect() with InfluxDB', () => {
  let influx: RunningInfluxd
  let root: string
  let running: RunningCollect | null = null
  beforeAll(async () => {
    influx = await startInfluxd('headroom_collect')
    root = await mkdtemp(join(tmpdir(), 'headroom-collect-'))
  }, 60_000)
  afterAll(async () => {
    await running?.stop()
    await influx?.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('startCollect() runs only the collectors of its shard and writes their samples to InfluxDB', async () => {
    const settings = readSettings({
      HEADROOM_DATA_DIR: join(root, 'data'),
      HEADROOM_CONFIG_DIR: await configDir(root),
      HEADROOM_INFLUX_URL: influx.url,
      HEADROOM_BACKFILL_DAYS: '1',
    })
    running = await startCollect({ settings, log: createLogger('silent'), shard: { index: 0, count: 2 }, port: 0 })
    const expected = selectShard(
      ids.map((id) => ({ id })),
      0,
      2,
    ).map((e) => e.id)
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(ids.length)
    expect(running.ids).toEqual(expected)

    const r = running
    await expect.poll(async () => (await r.store.latest()).length, { timeout: 20_000, interval: 500 }).toBeGreaterThan(10)

    const health = (await (await fetch(`${r.url}/healthz`)).json()) as {
      shard: string
      collectors: { id: string; lastSuccess: string | null }[]
    }
    expect(health.shard).toBe('0/2')
    expect(health.collectors.map((c) => c.id)).toEqual(expected)
    const metrics = await (await fetch(`${r.url}/metrics`)).text()
    for (const id of expected) expect(metrics).toContain(`headroom_collector_up{collector="${id}",type="simulator"}`)
    for (const id of ids.filter((i) => !expected.includes(i))) expect(metrics).not.toContain(`collector="${id}"`)

    // Start-up history for this shard, as `serve` makes it: a day of 5-minute points.
    await r.backfilled
    const now = Date.now()
    const history = await r.store.range({
      app: 'drivers',
      metric: 'installs',
      from: new Date(now - 86_400_000),
      to: new Date(now),
      stepMs: 3_600_000,
    })
    expect(history.length).toBeGreaterThanOrEqual(23)
  }, 60_000)
})
