// The whole server in InfluxDB mode against a real influxd: it creates the
// database and retention policy, backfills into InfluxDB and serves the
// snapshot and series from it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { waitFor } from '../support/services.ts'

describe.skipIf(!influxdBinary.path)('server with HEADROOM_INFLUX_URL', () => {
  let influxd: RunningInfluxd
  let server: RunningServer
  let dataDir: string
  const dbUrl = () => influxd.url.replace(/\/[^/]+$/, '/headroom_mode')

  beforeAll(async () => {
    influxd = await startInfluxd()
    dataDir = await mkdtemp(join(tmpdir(), 'headroom-influx-mode-'))
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_CONFIG_DIR: join(import.meta.dirname, '..', '..', 'config'),
      HEADROOM_BACKFILL_DAYS: '1',
      HEADROOM_INFLUX_URL: dbUrl(),
    })
    server = await startServer(settings, createLogger('silent'))
    await waitFor(
      'backfill into InfluxDB',
      async () => {
        const health = (await (await fetch(server.url + '/api/health')).json()) as { backfill: { state: string } }
        return health.backfill.state === 'done'
      },
      90_000,
    )
  })
  afterAll(async () => {
    await server?.close()
    await influxd?.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('creates the database and a retention policy in influxd', async () => {
    const base = new URL(dbUrl())
    const query = async (q: string) =>
      (await (await fetch(`${base.origin}/query?q=${encodeURIComponent(q)}`)).json()) as {
        results: { series?: { values: unknown[][] }[] }[]
      }
    const dbs = (await query('SHOW DATABASES')).results[0]?.series?.[0]?.values.flat() ?? []
    expect(dbs).toContain('headroom_mode')
    const rps = (await query('SHOW RETENTION POLICIES ON "headroom_mode"')).results[0]?.series?.[0]?.values ?? []
    expect(rps.length).toBeGreaterThanOrEqual(1)
  })

  it('reports the influxdb store and serves a snapshot and series read back from it', async () => {
    const health = (await (await fetch(server.url + '/api/health')).json()) as { store: string }
    expect(health.store).toBe('influxdb')
    const snap = (await (await fetch(server.url + '/api/snapshot')).json()) as {
      applications: { id: string; tightest: { peak24h: number | null } | null }[]
    }
    for (const app of snap.applications) expect(app.tightest?.peak24h, app.id).toEqual(expect.any(Number))
    const res = await fetch(server.url + '/api/series?app=sm2m&metric=licence-tps&from=now-12h&step=1h')
    const body = (await res.json()) as { points: { count: number }[]; error?: string }
    expect(res.status, body.error).toBe(200)
    expect(body.points.length).toBeGreaterThanOrEqual(11)
  })
})
