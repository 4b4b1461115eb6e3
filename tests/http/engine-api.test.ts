// The capacity engine through a real server: the example estate and its
// simulator with 45 days of backfilled history in a real DuckDB file, the
// example driver forecasts imported by the real csv watched-folder collector,
// and the real augurs backend. Config is copied to a temp dir only to point
// the forecasts folder at the copy (the csv state lands in the temp data dir).
import { forecastModels } from '../../server/capacity/forecast/forecast.ts'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import type {
  ChainsResponse,
  FeedbackResponse,
  ForecastResponse,
  PeakProfileResponse,
  RunScenarioAck,
  ScenarioRunResponse,
  UpgradesResponse,
} from '../../server/views/responses.ts'
import type { CapacitySnapshot } from '../../server/capacity/snapshot/types.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { waitFor } from '../support/services.ts'

const repoConfig = join(import.meta.dirname, '..', '..', 'config')
let server: RunningServer
let tmp: string

const get = (path: string) => fetch(server.url + path)
async function json<T>(path: string): Promise<T> {
  const res = await get(path)
  expect(res.status, `${path}: ${res.status}`).toBe(200)
  return (await res.json()) as T
}
const post = (path: string, body?: unknown) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'headroom-engine-api-'))
  const configDir = join(tmp, 'config')
  await cp(repoConfig, configDir, { recursive: true })
  const collectors = (await readFile(join(configDir, 'collectors.yaml'), 'utf8')).replace(
    'folder: config/forecasts',
    `folder: ${join(configDir, 'forecasts')}`,
  )
  await writeFile(join(configDir, 'collectors.yaml'), collectors)
  const settings = readSettings({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: join(tmp, 'data'),
    HEADROOM_CONFIG_DIR: configDir,
    HEADROOM_BACKFILL_DAYS: '45',
  })
  server = await startServer(settings, createLogger('silent'))
  await waitFor(
    'backfill, settled forecasts and the imported driver forecasts',
    async () => {
      const health = (await (await get('/api/health')).json()) as { backfill: { state: string } }
      if (health.backfill.state !== 'done') return false
      const up = await get('/api/upgrades')
      if (up.status !== 200 || ((await up.json()) as UpgradesResponse).pending > 0) return false
      const fb = (await (await get('/api/feedback')).json()) as FeedbackResponse
      return fb.versions.length >= 4 && fb.accuracy.length > 0
    },
    120_000,
  )
}, 150_000)

afterAll(async () => {
  await server?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe('engine REST API', () => {
  it('/api/upgrades ranks every metric by slack with a reason naming its slack and chains', async () => {
    const body = await json<UpgradesResponse>('/api/upgrades')
    expect(body.upgrades.map((u) => u.rank)).toEqual(body.upgrades.map((_, i) => i + 1))
    const slack = body.upgrades.map((u) => u.slackDays ?? Infinity)
    expect(slack).toEqual([...slack].sort((a, b) => a - b))
    const first = body.upgrades[0]!
    expect(first.slackDays).toEqual(expect.any(Number))
    expect(first.why).toMatch(/days (late|of slack) \(order-by \d{4}-\d{2}-\d{2}\); bottleneck of/)
    expect(body.upgrades.some((u) => u.chains.length > 0)).toBe(true)
  })

  it('/api/upgrades?format=csv downloads rows that parse back to the JSON ranking', async () => {
    const res = await get('/api/upgrades?format=csv')
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="headroom-upgrades-\d{4}-\d{2}-\d{2}\.csv"$/)
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[]
    const body = await json<UpgradesResponse>('/api/upgrades')
    expect(rows.map((r) => `${r.rank} ${r.app}/${r.metric}`)).toEqual(body.upgrades.map((u) => `${u.rank} ${u.app}/${u.metric}`))
    expect(rows[0]?.why).toBe(body.upgrades[0]?.why)
  })

  it('/api/upgrades?format=xml answers 400 naming the format parameter', async () => {
    const res = await get('/api/upgrades?format=xml')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toBe('query parameter format must be one of json, csv; got "xml"')
  })

  it('/api/chains gives every chain a bottleneck and the next one after its upgrade; /api/chains/:id one chain', async () => {
    const body = await json<ChainsResponse>('/api/chains')
    expect(body.chains.map((c) => c.id)).toEqual(['install-and-commission', 'firmware-upgrade', 'scheduled-meter-read'])
    for (const c of body.chains) {
      expect(c.bottleneckKey, c.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/)
      expect(c.reason, c.id).toContain('has the least spare')
    }
    expect(body.chains.some((c) => c.nextBottleneckKey !== null && c.nextBottleneckKey !== c.bottleneckKey)).toBe(true)
    const one = await json<ChainsResponse['chains'][number]>('/api/chains/firmware-upgrade')
    expect(one.name).toBe('Firmware upgrade')
    expect(one.steps).toHaveLength(6)
  })

  it('/api/forecast gives a 180-day P50/P90 band with its model, history and back-test error', async () => {
    const body = await json<ForecastResponse>('/api/forecast?app=sm2m&metric=messages-per-second')
    expect(body.days).toHaveLength(180)
    for (const d of body.days) expect(d.p90).toBeGreaterThanOrEqual(d.p50)
    expect(forecastModels).toContain(body.summary?.model)
    expect(body.summary?.historyDays).toBeGreaterThanOrEqual(40)
    expect(body.backtest?.mase).toEqual(expect.any(Number))
    expect(body.breakpoint).toBe(3400)
    console.log(
      `sm2m/messages-per-second: ${body.summary?.model}, ${body.summary?.historyDays} days, back-test MASE ${body.backtest?.mase?.toFixed(2)} (naive ${body.backtest?.naiveMase?.toFixed(2)})`,
    )
  })

  it('/api/forecast?app=drivers&metric=installs forecasts a driver', async () => {
    const body = await json<ForecastResponse>('/api/forecast?app=drivers&metric=installs')
    expect(body.kind).toBe('driver')
    expect(body.days.length).toBe(180)
  })

  it.each([
    { query: 'metric=tps', status: 400, error: 'query parameter app is required' },
    { query: 'app=sm2m', status: 400, error: 'query parameter metric is required' },
    { query: 'app=nope&metric=tps', status: 404, error: 'app: unknown application "nope"' },
    { query: 'app=sm2m&metric=nope', status: 404, error: 'metric: application "sm2m" has no metric "nope"' },
    { query: 'app=drivers&metric=nope', status: 404, error: 'metric: unknown driver "nope"' },
  ])('/api/forecast?$query answers $status naming the parameter', async ({ query, status, error }) => {
    const res = await get(`/api/forecast?${query}`)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(error)
  })
})

describe('scenarios', () => {
  it('/api/scenarios lists the saved scenarios of config/scenarios.yaml', async () => {
    const body = await json<{ scenarios: { id: string }[] }>('/api/scenarios')
    expect(body.scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining(['installs-x3-peak', 'ggsn-site-lost', 'estate-plus-20', 'firmware-non-batched']),
    )
  })

  it('POST /api/scenarios/ggsn-site-lost/run breaks GGSN North at once and moves the install chain bottleneck to it', async () => {
    const res = await post('/api/scenarios/ggsn-site-lost/run')
    expect(res.status).toBe(200)
    const body = (await res.json()) as ScenarioRunResponse
    expect(body.breaking.filter((m) => m.breaksNow).map((m) => `${m.app}/${m.metric}`)).toEqual(
      expect.arrayContaining(['ggsn-north/throughput-mbps']),
    )
    const chain = body.chains.find((c) => c.chain === 'install-and-commission')!
    expect(chain.moved).toBe(true)
    const after = chain.scenario.steps[chain.scenario.bottleneck!]!
    expect(`${after.app}/${after.metric}`).toBe('ggsn-north/throughput-mbps')
    expect(body.movedChains).toContain('install-and-commission')
  })

  it('POST /api/scenarios/installs-x3-peak/run raises install-driven peaks by 2 × coefficient × the installs peak', async () => {
    const body = (await (await post('/api/scenarios/installs-x3-peak/run')).json()) as ScenarioRunResponse
    const installs = body.drivers.installs!
    expect(installs).toBeGreaterThan(500)
    const commissioning = body.metrics.find((m) => m.app === 'comms-hubs' && m.metric === 'commissioning-per-hour')!
    // model: commissions/h = 1 × installs/h, so a ×3 spike adds 2 × the installs peak.
    expect(commissioning.peak! - commissioning.baselinePeak!).toBeCloseTo(2 * installs, 6)
    expect(body.breaking.length).toBeGreaterThan(0)
  })

  it('POST /api/scenarios/:id/run with an override body runs the changed scenario and changes nothing saved', async () => {
    const body = (await (
      await post('/api/scenarios/installs-x3-peak/run', { spike: { drivers: ['installs'], factor: 1.01, hours: 2 } })
    ).json()) as ScenarioRunResponse
    expect(body.applied.spike?.factor).toBe(1.01)
    const saved = await json<{ scenarios: { id: string; spike?: { factor: number } }[] }>('/api/scenarios')
    expect(saved.scenarios.find((s) => s.id === 'installs-x3-peak')?.spike?.factor).toBe(3)
  })

  it.each([
    { id: 'nope', body: undefined, status: 404, error: 'id: no saved scenario "nope"; known: installs-x3-peak' },
    {
      id: 'installs-x3-peak',
      body: { spike: { drivers: ['installs'], factor: -1, hours: 2 } },
      status: 400,
      error: 'body.spike.factor: Too small',
    },
    {
      id: 'installs-x3-peak',
      body: { spike: { drivers: ['instals'], factor: 2, hours: 2 } },
      status: 400,
      error: 'body.spike.drivers[0]: unknown driver "instals"',
    },
    {
      id: 'installs-x3-peak',
      body: { name: 'renamed' },
      status: 400,
      error: 'body.name: unknown override; allowed: multipliers, growthPerMonth, spike, capacityLoss, upgrades',
    },
    {
      id: 'ggsn-site-lost',
      body: { capacityLoss: [{ app: 'ggsn-east', fraction: 1 }] },
      status: 400,
      error: 'body.capacityLoss[0].app: unknown application "ggsn-east"',
    },
  ])('POST /api/scenarios/$id/run answers $status naming the field at fault', async ({ id, body, status, error }) => {
    const res = await post(`/api/scenarios/${id}/run`, body)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(error)
  })

  it('socket runScenario acks { ok: true, data } for a saved scenario and { ok: false, error } for an unknown one', async () => {
    const socket = connect(server.url, { transports: ['websocket'] })
    try {
      const run = (payload: unknown) => new Promise<RunScenarioAck>((resolve) => socket.emit('runScenario', payload, resolve))
      const ok = await run({ id: 'ggsn-site-lost' })
      expect(ok.ok).toBe(true)
      if (ok.ok) expect(ok.data.movedChains).toContain('install-and-commission')
      expect(await run({ id: 'nope' })).toEqual({ ok: false, error: expect.stringContaining('id: no saved scenario "nope"') })
      expect(await run({})).toEqual({ ok: false, error: expect.stringContaining('id: expected') })
    } finally {
      socket.close()
    }
  })
})

describe('peak profile, feedback, snapshot and /metrics', () => {
  it("/api/peak-profile?driver=installs&window=180 finds the simulator's 09:00–12:00 busy window", async () => {
    const body = await json<PeakProfileResponse>('/api/peak-profile?driver=installs&window=180')
    expect(body.profile.peakWindow.start).toBe('09:00')
    expect(body.profile.peakWindow.end).toBe('12:00')
    expect(body.profile.peakWindow.share).toBeGreaterThan(0.3)
    expect(body.profile.weekend?.dailyVolume).toBeLessThan(body.profile.weekday!.dailyVolume / 2)
    console.log(`installs: ${body.profile.summary}`)
  })

  it('/api/peak-profile?format=csv downloads the 48 half-hour slots', async () => {
    const res = await get('/api/peak-profile?driver=installs&format=csv')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="peak-profile-installs-\d{4}-\d{2}-\d{2}\.csv"/)
    const rows = parse(await res.text(), { columns: true }) as { slot: string; share: string }[]
    expect(rows).toHaveLength(48)
    expect(rows.reduce((s, r) => s + Number(r.share), 0)).toBeCloseTo(1, 3)
  })

  it.each([
    { query: '', status: 400, error: 'query parameter driver (or app and metric) is required' },
    { query: 'driver=nope', status: 404, error: 'query parameter driver: unknown driver "nope"' },
    { query: 'driver=installs&window=45', status: 400, error: 'query parameter window must be a multiple of the 30-minute slot' },
    { query: 'driver=installs&days=900', status: 400, error: 'query parameter days must be 1..90' },
    { query: 'app=sm2m', status: 400, error: 'query parameter metric is required with app' },
  ])('/api/peak-profile?$query answers $status naming the parameter', async ({ query, status, error }) => {
    const res = await get(`/api/peak-profile?${query}`)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(error)
  })

  it('/api/feedback shows MAPE, WAPE and bias per forecast version: the September version over-forecast installs', async () => {
    const body = await json<FeedbackResponse>('/api/feedback')
    expect(body.versions.map((v) => `${v.version}/${v.driver}`)).toEqual(
      expect.arrayContaining(['dcc-forecast-round-1/installs', 'dcc-forecast-round-2/installs']),
    )
    const sep = body.overall.find((o) => o.version === 'dcc-forecast-round-1' && o.driver === 'installs')!
    const nov = body.overall.find((o) => o.version === 'dcc-forecast-round-2' && o.driver === 'installs')!
    for (const o of [sep, nov]) {
      expect(o.mape).toEqual(expect.any(Number))
      expect(o.wape).toEqual(expect.any(Number))
    }
    expect(sep.bias).toBeGreaterThan(0.05)
    expect(Math.abs(nov.bias!)).toBeLessThan(sep.bias!)
    expect(body.accuracy.every((a) => /^\d{4}-\d{2}$/.test(a.period))).toBe(true)
    expect(body.perfTests.length).toBeGreaterThan(3)
    expect(body.staleEvidence.length).toBeGreaterThanOrEqual(2)
    console.log(
      `installs bias: September ${(sep.bias! * 100).toFixed(1)} %, November ${(nov.bias! * 100).toFixed(1)} %; WAPE ${(sep.wape! * 100).toFixed(1)} % vs ${(nov.wape! * 100).toFixed(1)} %`,
    )
  })

  it('/api/snapshot carries the legend, the RAG rule, top upgrades and per-metric breach, order-by and slack', async () => {
    const snap = await json<CapacitySnapshot>('/api/snapshot')
    expect(snap.engine?.legend.map((l) => l.name)).toEqual(['Order late', 'Order soon', 'Time to spare', 'No forecast'])
    expect(snap.engine?.ragRule).toContain('worse of its utilisation RAG')
    expect(snap.engine?.topUpgrades.length).toBe(5)
    const metrics = snap.applications.flatMap((a) => a.metrics)
    for (const m of metrics) {
      expect(m.engine, `${m.app}/${m.metric}`).toBeDefined()
      const order = { unknown: 0, green: 1, amber: 2, red: 3 }
      expect(order[m.rag]).toBe(Math.max(order[m.utilisationRag!], order[m.engine!.slackRag]))
    }
    expect(metrics.some((m) => m.engine?.slackDays !== null && m.engine?.orderBy !== null)).toBe(true)
    expect(snap.chains.every((c) => c.engine?.bottleneckKey)).toBe(true)
  })

  it('/metrics exposes time to breakpoint and order slack in seconds, and chain gauges', async () => {
    const text = await (await get('/metrics')).text()
    const eta = /headroom_time_to_breakpoint_seconds\{app="[a-z0-9-]+",metric="[a-z0-9-]+",bound="p90"\} (-?\d+)/.exec(text)
    expect(eta).not.toBeNull()
    // Whole days as seconds.
    expect(Math.abs(Number(eta?.[1])) % 86_400).toBe(0)
    expect(text).toMatch(/headroom_order_slack_seconds\{app="[a-z0-9-]+",metric="[a-z0-9-]+"\} -?\d+/)
    expect(text).toMatch(/headroom_chain_spare_tps\{chain="install-and-commission"\} -?[0-9.e-]+/)
    expect(text).toMatch(
      /headroom_chain_bottleneck_info\{chain="install-and-commission",position="current",app="[a-z0-9-]+",metric="[a-z0-9-]+"\} 1/,
    )
  })
})
