// The REST API of a real server (real DuckDB file, the example estate, the
// simulator) started in-process on a free loopback port.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { createLogger } from '../../server/log.ts'
import { hashToken } from '../../server/security/tokens.ts'
import { readSettings } from '../../server/settings.ts'
import { waitFor } from '../support/services.ts'

const configDir = join(import.meta.dirname, '..', '..', 'config')

async function boot(env: Record<string, string>): Promise<{ server: RunningServer; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-api-'))
  const settings = readSettings({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: dataDir,
    HEADROOM_CONFIG_DIR: configDir,
    HEADROOM_BACKFILL_DAYS: '1',
    ...env,
  })
  const server = await startServer(settings, createLogger('silent'))
  return { server, dataDir }
}

describe('REST API without tokens', () => {
  let server: RunningServer
  let dataDir: string
  const get = (path: string) => fetch(server.url + path)

  beforeAll(async () => {
    ;({ server, dataDir } = await boot({}))
    await waitFor(
      'backfill to finish',
      async () => {
        const health = (await (await get('/api/health')).json()) as { backfill: { state: string } }
        return health.backfill.state === 'done'
      },
      60_000,
    )
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('/api/health reports the embedded store and a finished backfill', async () => {
    const body = (await (await get('/api/health')).json()) as { status: string; store: string; backfill: { done: number } }
    expect(body.status).toBe('ok')
    expect(body.store).toBe('duckdb')
    expect(body.backfill.done).toBeGreaterThan(1000)
  })

  it('/api/estate returns applications, chains and drivers as loaded', async () => {
    const estate = (await (await get('/api/estate')).json()) as { applications: unknown[]; chains: unknown[]; drivers: unknown[] }
    expect(estate.applications.length).toBeGreaterThanOrEqual(8)
    expect(estate.chains.length).toBeGreaterThanOrEqual(3)
    expect(estate.drivers.length).toBeGreaterThanOrEqual(3)
  })

  it('/api/snapshot gives every application a RAG and a tightest metric with a value', async () => {
    const snap = (await (await get('/api/snapshot')).json()) as {
      generatedAt: string
      applications: { id: string; rag: string; tightest: { value: number | null; headroomFraction: number | null } | null }[]
      chains: { bottleneck: number | null }[]
    }
    expect(Date.parse(snap.generatedAt)).not.toBeNaN()
    for (const app of snap.applications) {
      expect(['green', 'amber', 'red'], app.id).toContain(app.rag)
      expect(app.tightest?.value, app.id).toEqual(expect.any(Number))
      expect(app.tightest?.headroomFraction, app.id).toEqual(expect.any(Number))
    }
    for (const chain of snap.chains) expect(chain.bottleneck).toEqual(expect.any(Number))
  })

  it('/api/series returns bucketed history with mean and max', async () => {
    const estate = (await (await get('/api/estate')).json()) as { applications: { id: string; metrics: { id: string }[] }[] }
    const app = estate.applications[1]!
    const res = await get(`/api/series?app=${app.id}&metric=${app.metrics[0]!.id}&from=now-12h&step=1h`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { stepMs: number; points: { mean: number; max: number; count: number }[] }
    expect(body.stepMs).toBe(3_600_000)
    expect(body.points.length).toBeGreaterThanOrEqual(11)
    for (const p of body.points) expect(p.max).toBeGreaterThanOrEqual(p.mean)
  })

  it.each([
    { query: 'metric=x', status: 400, error: 'query parameter app is required' },
    { query: 'app=nope&metric=x', status: 404, error: 'unknown application "nope"' },
    { query: 'app=sm2m&metric=nope', status: 404, error: 'has no metric "nope"' },
    { query: 'app=sm2m&metric=nope&step=fast', status: 404, error: 'has no metric' },
  ])('/api/series?$query answers $status naming the fault', async ({ query, status, error }) => {
    const res = await get(`/api/series?${query}`)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(error)
  })

  it('/api/series rejects a step that would return too many buckets', async () => {
    const estate = (await (await get('/api/estate')).json()) as { applications: { id: string; metrics: { id: string }[] }[] }
    const app = estate.applications[0]!
    const res = await get(`/api/series?app=${app.id}&metric=${app.metrics[0]!.id}&from=now-30d&step=1s`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/the most is 5000/)
  })

  it('/metrics exposes capacity gauges per app and metric', async () => {
    // The simulator runs every 5 s; wait for its first live run to be recorded.
    let text = ''
    await waitFor(
      'the simulator to report a successful run',
      async () => {
        text = await (await get('/metrics')).text()
        return text.includes('headroom_collector_last_success_timestamp_seconds{collector="sim"}')
      },
      20_000,
    )
    expect(text).toMatch(/headroom_utilisation_ratio\{app="[a-z0-9-]+",metric="[a-z0-9-]+"\} [0-9.]+/)
    expect(text).toMatch(/headroom_collector_up\{collector="sim",type="simulator"\} 1/)
    expect(text).toContain('headroom_ingest_samples_total')
  })

  it('sends secure headers and refuses an oversized JSON body with 413', async () => {
    const res = await get('/api/health')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    const big = await fetch(server.url + '/api/snapshot', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(300_000) }),
    })
    expect(big.status).toBe(413)
  })

  it('answers unknown API routes with 404 and a sentence', async () => {
    const res = await get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('No API route GET /api/nothing-here.')
  })
})

describe('REST API with tokens', () => {
  let server: RunningServer
  let dataDir: string

  beforeAll(async () => {
    ;({ server, dataDir } = await boot({
      HEADROOM_VIEWER_TOKEN: 'viewer-secret',
      HEADROOM_DISPLAY_TOKEN: 'wall-secret',
      HEADROOM_BACKFILL_DAYS: '0',
    }))
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it.each([
    { how: 'no token', path: '/api/estate', headers: {}, status: 401 },
    { how: 'a bearer viewer token', path: '/api/estate', headers: { authorization: 'Bearer viewer-secret' }, status: 200 },
    { how: 'a display token in the URL', path: '/api/estate?token=wall-secret', headers: {}, status: 200 },
    { how: 'a viewer token in the URL', path: '/api/estate?token=viewer-secret', headers: {}, status: 401 },
    { how: 'a wrong token', path: '/metrics', headers: { authorization: 'Bearer nope' }, status: 401 },
    { how: 'no token on health', path: '/api/health', headers: {}, status: 200 },
  ])('answers $status to $how', async ({ path, headers, status }) => {
    const res = await fetch(server.url + path, { headers: headers as Record<string, string> })
    expect(res.status).toBe(status)
  })

  it.each([
    {
      how: 'the viewer bearer token',
      init: { headers: { authorization: 'Bearer viewer-secret' } },
      path: '/api/me',
      me: { name: 'env:viewer', role: 'viewer', display: false, authEnabled: true },
    },
    {
      how: 'the display token in the URL',
      init: {},
      path: '/api/me?token=wall-secret',
      me: { name: 'env:display', role: 'viewer', display: true, authEnabled: true },
    },
  ])('/api/me names the caller for $how', async ({ init, path, me }) => {
    const res = await fetch(server.url + path, init)
    expect(await res.json()).toEqual(me)
  })

  it('keeps only digests: hashToken() is SHA-256 hex', () => {
    expect(hashToken('wall-secret')).toMatch(/^[a-f0-9]{64}$/)
  })
})
