// prometheus plugin against a real Prometheus scraping a real node exporter
// and a GGSN-like target of the test's own, all on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prometheusPlugin } from '../../../../collectors/plugins/prometheus/index.ts'
import type { PrometheusConfig } from '../../../../collectors/plugins/prometheus/config.ts'
import { freePort, serviceBinary } from '../../../support/services.ts'
import { messages, recordingAccumulator, testContext } from '../http-json/plugin-harness.ts'
import {
  basicPassword,
  basicUser,
  gatewayToken,
  packetsPerSecond,
  startPrometheusPeers,
  type PrometheusPeers,
} from './prometheus-peers.ts'

const prometheusBin = serviceBinary('prometheus', 'prometheus')
const exporterBin = serviceBinary('prometheus-node-exporter', 'prometheus-node-exporter')

const basicAuth = { type: 'basic', username: basicUser, passwordEnv: 'HEADROOM_TEST_PROM_PW' } as const

function config(raw: Record<string, unknown>): PrometheusConfig {
  const parsed = prometheusPlugin.parseConfig(raw)
  if (!parsed.ok) throw new Error(`test config rejected: ${JSON.stringify(parsed.issues)}`)
  return parsed.value
}

describe('prometheusPlugin.parseConfig()', () => {
  it('returns every problem with its path when queries are malformed', () => {
    const result = prometheusPlugin.parseConfig({
      url: 'prom-core:9090',
      timeout: 5,
      queries: [
        { expr: '', app: 'ggsn-north', metric: 'sessions' },
        { expr: 'up', metric: 'up' },
        { expr: 'up', app: 'GGSN', metric: 'up', tags: ['in-stance'] },
        { expr: 'up', app: 'ggsn', appMap: { node: 'monitoring' }, metric: 'up', step: '1m' },
      ],
    })
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^url: expected an http/),
        expect.stringMatching(/^timeout: /),
        "queries.0.expr: expected a PromQL expression, got the string ''",
        'queries.1.app: set exactly one of app (fixed id) or appLabel (label holding the id)',
        expect.stringMatching(/^queries\.2\.app: expected a lower-case application id/),
        expect.stringMatching(/^queries\.2\.tags\.0: expected a Prometheus label name/),
        expect.stringMatching(/^queries\.3: .*step/),
      ]),
    )
  })

  it('reports a unit pair that cannot convert with its path next to the other problems', () => {
    const result = prometheusPlugin.parseConfig({
      url: 'http://prom-core:9090',
      queries: [
        { expr: 'node_network_receive_bytes_total', app: 'ggsn', metric: 'in', type: 'counter', unit: 'bytes', as: 'Mbit' },
        { expr: '', app: 'ggsn', metric: 'latency', unit: 'ms', as: 'sessions' },
        { expr: 'up', app: 'ggsn', metric: 'up', as: '%' },
      ],
    })
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual([
      "queries.0.as: cannot convert 'bytes' (data per time) to 'Mbit' (data) (the counter was turned into a per-second rate)",
      "queries.1.expr: expected a PromQL expression, got the string ''",
      "queries.1.as: cannot convert 'ms' (time) to 'sessions' (count)",
      'queries.2.unit: set both unit and as, or neither',
    ])
  })
})

describe.skipIf(!prometheusBin.path || !exporterBin.path)('prometheusPlugin against a real Prometheus', () => {
  let peers: PrometheusPeers

  beforeAll(async () => {
    process.env.HEADROOM_TEST_PROM_PW = basicPassword
    peers = await startPrometheusPeers({ prometheus: prometheusBin.path ?? '', nodeExporter: exporterBin.path ?? '' })
  })

  afterAll(async () => {
    await peers?.stop()
    await prometheusPlugin.close?.()
    delete process.env.HEADROOM_TEST_PROM_PW
  })

  async function collect(raw: Record<string, unknown>, now = new Date()) {
    const acc = recordingAccumulator()
    await prometheusPlugin.collect(config({ url: peers.promUrl, auth: basicAuth, ...raw }), acc, testContext({ now }))
    return acc
  }

  it('collect() maps a gauge to a fixed app with label tags when the query selects one site', async () => {
    const now = new Date()
    const acc = await collect(
      {
        queries: [
          {
            expr: 'ggsn_pdp_contexts_active{site="north"}',
            app: 'ggsn-north',
            metric: 'pdp-contexts',
            tags: ['node'],
            staticTags: { site: 'north' },
          },
        ],
      },
      now,
    )
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toEqual([
      { app: 'ggsn-north', metric: 'pdp-contexts', value: 41234, at: now, tags: { site: 'north', node: 'ggsn-n1' } },
    ])
  })

  it('collect() takes the application from a label through appMap when appLabel is set', async () => {
    const acc = await collect({
      queries: [
        { expr: 'up', appLabel: 'job', appMap: { ggsn: 'ggsn-north', node: 'monitoring' }, metric: 'up', tags: ['instance'] },
      ],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => `${s.app} ${s.metric}=${s.value}`).sort()).toEqual(['ggsn-north up=1', 'monitoring up=1'])
    expect(acc.samples.every((s) => /^127\.0\.0\.1:\d+$/.test(s.tags?.instance ?? ''))).toBe(true)
  })

  it('collect() reads a real node-exporter CPU utilisation between 0 and 100 when rate() has data', async () => {
    const acc = await collect({
      queries: [
        {
          expr: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5s])))',
          app: 'monitoring',
          metric: 'cpu-utilisation',
          tags: ['instance'],
        },
      ],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toHaveLength(1)
    expect(acc.samples[0]?.value).toBeGreaterThanOrEqual(0)
    expect(acc.samples[0]?.value).toBeLessThanOrEqual(100)
  })

  it('collect() returns the counter rate the target produces when the query uses rate()', async () => {
    const acc = await collect({
      queries: [{ expr: 'rate(ggsn_gtp_packets_total[5s])', app: 'ggsn-north', metric: 'gtp-packets-per-second' }],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples[0]?.value).toBeGreaterThan(packetsPerSecond * 0.8)
    expect(acc.samples[0]?.value).toBeLessThan(packetsPerSecond * 1.2)
  })

  it('collect() stores a seconds gauge in ms when unit and as are set', async () => {
    const acc = await collect({
      queries: [{ expr: 'ggsn_session_setup_seconds', app: 'ggsn-north', metric: 'session-setup', unit: 's', as: 'ms' }],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => s.value)).toEqual([250])
  })

  it('collect() rates a raw counter queried without rate() from the second run on when type is counter', async () => {
    // Two past evaluation times 5 s apart: each sees the last scrape before it, five scrapes apart.
    const t = Math.floor(Date.now() / 1000) * 1000
    const raw = config({
      url: peers.promUrl,
      auth: basicAuth,
      queries: [
        {
          expr: 'ggsn_gtp_packets_total{site="north"}',
          type: 'counter',
          unit: 'packets',
          as: 'packets/min',
          app: 'ggsn-north',
          metric: 'gtp-packets',
        },
      ],
    })
    const run = async (now: Date) => {
      const acc = recordingAccumulator()
      await prometheusPlugin.collect(raw, acc, { ...testContext({ now }), id: 'prom-counter' })
      return acc
    }
    const first = await run(new Date(t - 6_000))
    const second = await run(new Date(t - 1_000))
    expect([...messages(first), ...messages(second)]).toEqual([])
    expect(first.samples).toEqual([])
    expect(second.samples).toHaveLength(1)
    expect(second.samples[0]?.at).toEqual(new Date(t - 1_000))
    // 500 packets/s is 30,000/min; scrape jitter moves it by a few packets at most.
    expect(second.samples[0]?.value).toBeGreaterThan(packetsPerSecond * 60 * 0.95)
    expect(second.samples[0]?.value).toBeLessThan(packetsPerSecond * 60 * 1.05)
  })

  it('collect() reports a PromQL error with URL and query and still runs the other queries', async () => {
    const acc = await collect({
      queries: [
        { expr: 'sum(rate(ggsn_gtp_packets_total[1m])', app: 'ggsn-north', metric: 'broken' },
        { expr: 'ggsn_pdp_contexts_active{site="south"}', app: 'ggsn-south', metric: 'pdp-contexts' },
      ],
    })
    expect(messages(acc)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[url=${peers.promUrl}/api/v1/query query="sum\\(rate\\(ggsn_gtp_packets_total\\[1m\\]\\)"\\] Prometheus bad_data error: .*parse error`,
        ),
      ),
    ])
    expect(acc.samples.map((s) => [s.app, s.value])).toEqual([['ggsn-south', 38876]])
  })

  it('collect() reports "returned no series" when the metric does not exist', async () => {
    const acc = await collect({ queries: [{ expr: 'ggsn_pdp_contexts_activ', app: 'ggsn-north', metric: 'typo' }] })
    expect(messages(acc)).toEqual([`[url=${peers.promUrl}/api/v1/query query="ggsn_pdp_contexts_activ"] returned no series`])
  })

  it('collect() names the series and the missing label when appLabel is absent from a result', async () => {
    const acc = await collect({
      queries: [{ expr: 'sum by (site) (ggsn_pdp_contexts_active)', appLabel: 'job', metric: 'pdp-contexts' }],
    })
    expect(messages(acc)).toEqual([
      expect.stringContaining(
        'series {site="north"} has no label "job" for the application; series {site="south"} has no label "job"',
      ),
    ])
    expect(acc.samples).toEqual([])
  })

  it('collect() reports HTTP 401 without leaking the password when the basic password is wrong', async () => {
    process.env.HEADROOM_TEST_PROM_WRONG = 'not-the-password'
    const acc = await collect({
      auth: { type: 'basic', username: basicUser, passwordEnv: 'HEADROOM_TEST_PROM_WRONG' },
      queries: [{ expr: 'up', app: 'x', metric: 'up' }],
    })
    delete process.env.HEADROOM_TEST_PROM_WRONG
    expect(messages(acc)).toEqual([
      expect.stringMatching(new RegExp(`^\\[url=${peers.promUrl}/api/v1/query query="up"\\] HTTP 401 Unauthorized`)),
    ])
    expect(messages(acc)[0]).not.toContain('not-the-password')
  })

  it('collect() authenticates with a bearer token through the gateway and fails cleanly with a wrong one', async () => {
    process.env.HEADROOM_TEST_GW_TOKEN = gatewayToken
    process.env.HEADROOM_TEST_GW_BAD = 'wrong-token-value'
    const queries = [{ expr: 'ggsn_pdp_contexts_active{site="north"}', app: 'ggsn-north', metric: 'pdp-contexts' }]
    const good = recordingAccumulator()
    await prometheusPlugin.collect(
      config({ url: peers.gatewayUrl, auth: { type: 'bearer', tokenEnv: 'HEADROOM_TEST_GW_TOKEN' }, queries }),
      good,
      testContext({ now: new Date() }),
    )
    const bad = recordingAccumulator()
    await prometheusPlugin.collect(
      config({ url: peers.gatewayUrl, auth: { type: 'bearer', tokenEnv: 'HEADROOM_TEST_GW_BAD' }, queries }),
      bad,
      testContext({ now: new Date() }),
    )
    delete process.env.HEADROOM_TEST_GW_TOKEN
    delete process.env.HEADROOM_TEST_GW_BAD
    expect(messages(good)).toEqual([])
    expect(good.samples.map((s) => s.value)).toEqual([41234])
    expect(messages(bad)).toEqual([expect.stringContaining('Prometheus unauthorized error: invalid bearer token')])
    expect(messages(bad)[0]).not.toContain('wrong-token-value')
  })

  it('collect() reports connection refused with the URL when Prometheus is not there', async () => {
    const port = await freePort()
    const acc = recordingAccumulator()
    await prometheusPlugin.collect(
      config({ url: `http://127.0.0.1:${port}`, queries: [{ expr: 'up', app: 'x', metric: 'up' }] }),
      acc,
      testContext(),
    )
    expect(messages(acc)).toEqual([`[url=http://127.0.0.1:${port}/api/v1/query query="up"] connection refused (ECONNREFUSED)`])
  })

  it('backfill() returns step-spaced history inside [from, to) when a range is asked', async () => {
    const to = new Date(Math.floor(Date.now() / 1000) * 1000)
    const from = new Date(to.getTime() - 8_000)
    const acc = recordingAccumulator()
    const cfg = config({
      url: peers.promUrl,
      auth: basicAuth,
      backfillStep: '1s',
      queries: [{ expr: 'ggsn_pdp_contexts_active', app: 'ggsn', metric: 'pdp-contexts', tags: ['site'] }],
    })
    await prometheusPlugin.backfill?.(cfg, from, to, acc, testContext({ now: to }))
    expect(messages(acc)).toEqual([])
    const north = acc.samples.filter((s) => s.tags?.site === 'north')
    expect(north.length).toBeGreaterThanOrEqual(5)
    expect(north.every((s) => s.at >= from && s.at < to && s.value === 41234)).toBe(true)
    const gaps = north.slice(1).map((s, i) => s.at.getTime() - (north[i]?.at.getTime() ?? 0))
    expect(new Set(gaps)).toEqual(new Set([1000]))
    expect(north.at(-1)?.at).toEqual(new Date(to.getTime() - 1000))
  })

  it('backfill() rates a raw counter point to point, with no sample for the first point, when type is counter', async () => {
    const to = new Date(Math.floor(Date.now() / 1000) * 1000)
    const from = new Date(to.getTime() - 6_000)
    const acc = recordingAccumulator()
    const cfg = config({
      url: peers.promUrl,
      auth: basicAuth,
      backfillStep: '1s',
      queries: [{ expr: 'ggsn_gtp_packets_total{site="north"}', type: 'counter', app: 'ggsn', metric: 'gtp-packets' }],
    })
    await prometheusPlugin.backfill?.(cfg, from, to, acc, testContext({ now: to }))
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => s.at.getTime() - from.getTime())).toEqual([1000, 2000, 3000, 4000, 5000])
    // Per-step differences jitter with scrape timing; their mean over 5 s does not.
    const mean = acc.samples.reduce((sum, s) => sum + s.value, 0) / acc.samples.length
    expect(mean).toBeGreaterThan(packetsPerSecond * 0.9)
    expect(mean).toBeLessThan(packetsPerSecond * 1.1)
  })

  it('backfill() splits a long range into several queries without duplicating points at the seams', async () => {
    const to = new Date(Math.floor(Date.now() / 1000) * 1000)
    // 10,000 points of 1 s per query: 3 h needs two range queries.
    const from = new Date(to.getTime() - 3 * 3_600_000)
    const acc = recordingAccumulator()
    const cfg = config({
      url: peers.promUrl,
      auth: basicAuth,
      backfillStep: '1s',
      queries: [{ expr: 'ggsn_pdp_contexts_active{site="north"}', app: 'ggsn', metric: 'pdp-contexts' }],
    })
    await prometheusPlugin.backfill?.(cfg, from, to, acc, testContext({ now: to }))
    expect(messages(acc)).toEqual([])
    const times = acc.samples.map((s) => s.at.getTime())
    expect(new Set(times).size).toBe(times.length)
    expect(acc.samples.length).toBeGreaterThanOrEqual(5)
  })
})
