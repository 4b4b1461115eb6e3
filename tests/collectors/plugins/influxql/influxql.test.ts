// influxql plugin against a real influxd seeded with Telegraf-shaped line protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { influxqlPlugin } from '../../../../collectors/plugins/influxql/index.ts'
import type { InfluxqlConfig } from '../../../../collectors/plugins/influxql/config.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../../../support/influxd.ts'
import { freePort } from '../../../support/services.ts'
import { messages, recordingAccumulator, testContext } from '../http-json/plugin-harness.ts'

function config(raw: Record<string, unknown>): InfluxqlConfig {
  const parsed = influxqlPlugin.parseConfig(raw)
  if (!parsed.ok) throw new Error(`test config rejected: ${JSON.stringify(parsed.issues)}`)
  return parsed.value
}

describe('influxqlPlugin.parseConfig()', () => {
  it('returns every problem with its path when queries could write or are malformed', () => {
    const result = influxqlPlugin.parseConfig({
      url: 'http://influx:8086',
      queries: [
        { query: 'DROP MEASUREMENT cpu', app: 'sm2m', metric: 'cpu' },
        { query: 'SELECT mean(usage_user) INTO cpu_1m FROM cpu', app: 'sm2m', metric: 'cpu' },
        { query: 'SELECT 1 FROM a; SELECT 2 FROM b', app: 'sm2m', metric: 'cpu' },
        { query: 'SELECT last(x) FROM y', app: 'sm2m', appTag: 'host', metric: 'cpu', rows: 'first' },
      ],
    })
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database: /),
        "queries.0.query: expected one InfluxQL SELECT statement, got the string 'DROP MEASUREMENT cpu'",
        "queries.1.query: SELECT … INTO writes data; the collector only reads, got the string 'SELECT mean(usage_user) INTO cpu_1m FROM cpu'",
        `queries.2.query: expected one statement (no ";" between statements), got the string 'SELECT 1 FROM a; SELECT 2 FROM b'`,
        'queries.3.app: set exactly one of app (fixed id) or appTag (GROUP BY tag holding the id)',
        expect.stringMatching(/^queries\.3\.rows: /),
      ]),
    )
  })

  it('reports a unit pair that cannot convert with its path next to the other problems', () => {
    const result = influxqlPlugin.parseConfig({
      url: 'http://influx:8086',
      database: 'telegraf',
      queries: [
        { query: 'SELECT last(bytes_recv) FROM net', app: 'ggsn', metric: 'in', type: 'counter', unit: 'bytes', as: 'GB' },
        { query: 'DROP MEASUREMENT net', app: 'ggsn', metric: 'x', unit: 'percent', as: 'furlongs' },
        { query: 'SELECT last(x) FROM y', app: 'ggsn', metric: 'y', type: 'rate' },
      ],
    })
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual([
      "queries.0.as: cannot convert 'bytes' (data per time) to 'GB' (data) (the counter was turned into a per-second rate)",
      "queries.1.query: expected one InfluxQL SELECT statement, got the string 'DROP MEASUREMENT net'",
      expect.stringMatching(/^queries\.1\.as: unknown unit 'furlongs'/),
      expect.stringMatching(/^queries\.2\.type: /),
    ])
  })

  it('accepts a quoted identifier containing "into" when it is only a name', () => {
    const result = influxqlPlugin.parseConfig({
      url: 'http://influx:8086',
      database: 'telegraf',
      queries: [{ query: 'SELECT last("calls_into_sm2m") FROM "sm2m"', app: 'sm2m', metric: 'calls' }],
    })
    expect(result.ok).toBe(true)
  })
})

describe.skipIf(!influxdBinary.path)('influxqlPlugin against a real influxd', () => {
  let influx: RunningInfluxd
  let base: string
  const seededAt = Math.floor(Date.now() / 1000)
  // Telegraf's shapes: cpu/net inputs plus an application gauge written as an integer.
  const lines = [
    `cpu,cpu=cpu-total,host=sm2m-01 usage_user=20,usage_system=5 ${seededAt - 50}`,
    `cpu,cpu=cpu-total,host=sm2m-01 usage_user=30,usage_system=6 ${seededAt - 30}`,
    `cpu,cpu=cpu-total,host=sm2m-01 usage_user=40,usage_system=7 ${seededAt - 10}`,
    `cpu,cpu=cpu-total,host=dmm-01 usage_user=10,usage_system=2 ${seededAt - 30}`,
    `cpu,cpu=cpu-total,host=dmm-01 usage_user=12,usage_system=2 ${seededAt - 10}`,
    `cpu,cpu=cpu-total,host=ot-01 usage_user=99,usage_system=1 ${seededAt - 10}`,
    `sm2m_sessions,node=sm2m-01,site=north active=412i ${seededAt - 10}`,
    `sm2m_sessions,node=sm2m-02,site=south active=388i ${seededAt - 10}`,
    `sm2m_state,node=sm2m-01 state="degraded" ${seededAt - 10}`,
    `sm2m_latency,node=sm2m-01 p95_ms=250 ${seededAt - 10}`,
  ]

  beforeAll(async () => {
    influx = await startInfluxd('telegraf')
    base = `http://127.0.0.1:${influx.port}`
    const created = await fetch(`${base}/query`, { method: 'POST', body: new URLSearchParams({ q: 'CREATE DATABASE telegraf' }) })
    if (created.status !== 200) throw new Error(`CREATE DATABASE failed: HTTP ${created.status}`)
    const written = await fetch(`${base}/write?db=telegraf&precision=s`, { method: 'POST', body: lines.join('\n') })
    if (written.status !== 204) throw new Error(`seeding failed: HTTP ${written.status} ${await written.text()}`)
  })

  afterAll(async () => {
    await influx?.stop()
    await influxqlPlugin.close?.()
  })

  async function collect(queries: unknown[], extra: Record<string, unknown> = {}) {
    const acc = recordingAccumulator()
    const now = new Date()
    await influxqlPlugin.collect(config({ url: base, database: 'telegraf', queries, ...extra }), acc, testContext({ now }))
    return { acc, now }
  }

  it('collect() maps mean CPU per host to applications through appTag and appMap', async () => {
    const { acc } = await collect([
      {
        query: 'SELECT mean("usage_user") FROM "cpu" WHERE time > now() - 1m GROUP BY "host"',
        appTag: 'host',
        appMap: { 'sm2m-01': 'sm2m', 'dmm-01': 'dmm', 'ot-01': 'ot' },
        metric: 'cpu-utilisation',
        tags: ['host'],
      },
    ])
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => [s.app, s.value, s.tags?.host]).sort()).toEqual([
      ['dmm', 11, 'dmm-01'],
      ['ot', 99, 'ot-01'],
      ['sm2m', 30, 'sm2m-01'],
    ])
    // InfluxDB stamps an aggregate without GROUP BY time with the query's lower bound, now() - 1m.
    const at = acc.samples[0]?.at.getTime() ?? 0
    expect(Math.abs(at - (Date.now() - 60_000))).toBeLessThan(10_000)
  })

  it('collect() emits every non-null bucket with its time when rows is "all" and only the newest when "last"', async () => {
    const query = `SELECT mean("usage_user") FROM "cpu" WHERE "host" = 'sm2m-01' AND time > now() - 2m GROUP BY time(20s) fill(null)`
    const { acc: all } = await collect([{ query, app: 'sm2m', metric: 'cpu-utilisation', rows: 'all' }])
    const { acc: last } = await collect([{ query, app: 'sm2m', metric: 'cpu-utilisation' }])
    expect(messages(all)).toEqual([])
    expect(all.samples.map((s) => s.value)).toEqual([20, 30, 40])
    expect(all.samples.map((s) => s.at.getTime() % 20_000)).toEqual([0, 0, 0])
    expect(last.samples.map((s) => s.value)).toEqual([40])
  })

  it('collect() picks the named column and keeps GROUP BY tags when the query returns several columns', async () => {
    const { acc } = await collect([
      {
        query:
          'SELECT last("active") AS "sessions", max("active") FROM "sm2m_sessions" WHERE time > now() - 5m GROUP BY "node", "site"',
        app: 'sm2m',
        metric: 'active-sessions',
        field: 'sessions',
        tags: ['node', 'site'],
      },
    ])
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => [s.value, s.tags]).sort()).toEqual([
      [388, { node: 'sm2m-02', site: 'south' }],
      [412, { node: 'sm2m-01', site: 'north' }],
    ])
  })

  it('collect() stamps a sample with the point time when the query is a single selector like last()', async () => {
    const { acc } = await collect([
      { query: 'SELECT last("active") FROM "sm2m_sessions" WHERE "node" = \'sm2m-01\'', app: 'sm2m', metric: 'active-sessions' },
    ])
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toEqual([{ app: 'sm2m', metric: 'active-sessions', value: 412, at: new Date((seededAt - 10) * 1000) }])
  })

  it('collect() names the columns when several come back and no field is set', async () => {
    const { acc } = await collect([
      { query: 'SELECT last("usage_user"), last("usage_system") FROM "cpu" WHERE "host" = \'ot-01\'', app: 'ot', metric: 'cpu' },
    ])
    expect(messages(acc)).toEqual([
      expect.stringContaining('series cpu has columns last, last_1; set "field" to the one holding the value'),
    ])
  })

  it('collect() reports a text field as not a number when the query selects a string', async () => {
    const { acc } = await collect([{ query: 'SELECT last("state") FROM "sm2m_state"', app: 'sm2m', metric: 'state' }])
    expect(messages(acc)).toEqual([expect.stringContaining('series sm2m_state column "last" holds "degraded", not a number')])
  })

  it('collect() reports InfluxDB errors with URL and query and still runs the other queries', async () => {
    const { acc } = await collect([
      { query: 'SELECT mean("usage_user") FROM "cpu" GROUP BY', app: 'sm2m', metric: 'broken' },
      { query: 'SELECT last("active") FROM "sm2m_sessio"', app: 'sm2m', metric: 'typo' },
      { query: 'SELECT last("active") FROM "sm2m_sessions" WHERE "node" = \'sm2m-02\'', app: 'sm2m', metric: 'active-sessions' },
    ])
    expect(messages(acc).sort()).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[url=${base}/query query="SELECT last\\("active"\\) FROM "sm2m_sessio""\\] returned no series$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^\\[url=${base}/query query="SELECT mean\\("usage_user"\\) FROM "cpu" GROUP BY"\\] InfluxDB error .*error parsing query`,
        ),
      ),
    ])
    expect(acc.samples.map((s) => s.value)).toEqual([388])
  })

  it('collect() reports the missing database by name when the config points at the wrong one', async () => {
    const { acc } = await collect([{ query: 'SELECT last("active") FROM "sm2m_sessions"', app: 'sm2m', metric: 'x' }], {
      database: 'telegraff',
    })
    expect(messages(acc)).toEqual([expect.stringContaining('database not found: telegraff')])
  })

  it('collect() asks for GROUP BY when a tag used for the application is not in the result', async () => {
    const { acc } = await collect([
      { query: 'SELECT mean("usage_user") FROM "cpu" WHERE time > now() - 1m', appTag: 'host', metric: 'cpu' },
    ])
    expect(messages(acc)).toEqual([
      expect.stringContaining('series cpu has no tag "host" for the application (add GROUP BY "host")'),
    ])
  })

  it('collect() stores the value in the declared unit when unit and as are set', async () => {
    const { acc } = await collect([
      { query: 'SELECT last("p95_ms") FROM "sm2m_latency"', app: 'sm2m', metric: 'p95-latency', unit: 'ms', as: 's' },
    ])
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toEqual([{ app: 'sm2m', metric: 'p95-latency', value: 0.25, at: new Date((seededAt - 10) * 1000) }])
  })

  it('collect() turns a Telegraf bytes_recv total into Mbit/s from the second new point on when type is counter', async () => {
    const write = async (line: string) => {
      const res = await fetch(`${base}/write?db=telegraf&precision=s`, { method: 'POST', body: line })
      if (res.status !== 204) throw new Error(`write failed: HTTP ${res.status} ${await res.text()}`)
    }
    const cfg = config({
      url: base,
      database: 'telegraf',
      queries: [
        {
          query: 'SELECT last("bytes_recv") FROM "net" GROUP BY "interface"',
          type: 'counter',
          unit: 'bytes',
          as: 'Mbit/s',
          app: 'ggsn',
          metric: 'gi-throughput-in',
          tags: ['interface'],
        },
      ],
    })
    const run = async () => {
      const acc = recordingAccumulator()
      await influxqlPlugin.collect(cfg, acc, { ...testContext({ now: new Date() }), id: 'influx-counter' })
      return acc
    }
    await write(`net,host=ggsn-01,interface=gi0 bytes_recv=1000000000i ${seededAt - 40}`)
    const first = await run()
    // No new point since: the same reading again is not a rate of 0.
    const repeated = await run()
    await write(`net,host=ggsn-01,interface=gi0 bytes_recv=1250000000i ${seededAt - 20}`)
    const second = await run()
    expect([...messages(first), ...messages(repeated), ...messages(second)]).toEqual([])
    expect(first.samples).toEqual([])
    expect(repeated.samples).toEqual([])
    // 250,000,000 bytes in 20 s = 12.5 MB/s = 100 Mbit/s, stamped with the newer point's time.
    expect(second.samples).toHaveLength(1)
    expect(second.samples[0]?.value).toBeCloseTo(100, 9)
    expect(second.samples[0]).toMatchObject({ app: 'ggsn', at: new Date((seededAt - 20) * 1000), tags: { interface: 'gi0' } })
  })

  it('collect() reports connection refused with the query URL when influxd is not there', async () => {
    const port = await freePort()
    const acc = recordingAccumulator()
    await influxqlPlugin.collect(
      config({
        url: `http://127.0.0.1:${port}`,
        database: 'telegraf',
        queries: [{ query: 'SELECT last(x) FROM y', app: 'sm2m', metric: 'm' }],
      }),
      acc,
      testContext(),
    )
    expect(messages(acc)).toEqual([
      `[url=http://127.0.0.1:${port}/query query="SELECT last(x) FROM y"] connection refused (ECONNREFUSED)`,
    ])
  })
})
