// Secrets never leave: a canary secret in every place a credential can live
// (collector URL userinfo and query, headers, basic/bearer/token auth from env
// and file, SNMP v2c community and v3 keys, the InfluxDB URL, the bearer
// tokens themselves), a peer that echoes every request back as an HTML error
// page (so error text quotes the credentials), then every route as every
// role, every socket push, and the whole log at trace level are scanned.
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { listRoutes } from '../../server/http/route-table.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { unpack } from '../support/packed.ts'
import { freePort } from '../support/services.ts'

/** A push as text: gzipped or plain JSON bytes decoded, objects as JSON. */
const readable = (value: unknown): string => JSON.stringify(unpack(value)) ?? String(value)

const C = {
  urlPassword: 'CANARY-URL-PASSWORD-7f3a',
  urlKey: 'CANARY-URL-APIKEY-91bc',
  headerKey: 'CANARY-HEADER-APIKEY-2d4e',
  headerBearer: 'CANARY-HEADER-BEARER-5a6b',
  promPassword: 'CANARY-PROM-URL-PW-8c1d',
  promToken: 'CANARY-PROM-QUERY-TOKEN-3e9f',
  envBasic: 'CANARY-ENV-BASIC-PW-4b2c',
  fileToken: 'CANARY-FILE-TOKEN-6d7e',
  community: 'CANARY-SNMP-COMMUNITY-1a2b',
  authKey: 'CANARY-SNMP-AUTHKEY-3c4d',
  privKey: 'CANARY-SNMP-PRIVKEY-5e6f',
  influxPassword: 'CANARY-INFLUX-URL-PW-7a8b',
  admin: 'CANARY-ADMIN-TOKEN-9c0d',
  operator: 'CANARY-OPERATOR-TOKEN-1e2f',
  viewer: 'CANARY-VIEWER-TOKEN-3a4b',
  display: 'CANARY-DISPLAY-TOKEN-5c6d',
}
const canaries = Object.values(C)
/** The forms a secret can take on the way out: as is, URL-encoded, inside a Basic header. */
function forms(): string[] {
  const out = [...canaries]
  for (const user of ['canary-user', 'prom-user', 'headroom', 'influx-user']) {
    for (const pw of canaries) out.push(Buffer.from(`${user}:${pw}`).toString('base64'))
  }
  return out
}

function leaksIn(text: string): string[] {
  return forms().filter((f) => text.includes(f))
}

describe('canary secrets', () => {
  let server: RunningServer
  let echo: Server
  let influxd: RunningInfluxd | null = null
  let dataDir: string
  let configDir: string
  const log: string[] = []
  const echoed: string[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'headroom-canary-data-'))
    configDir = await mkdtemp(join(tmpdir(), 'headroom-canary-config-'))
    // A peer that answers every request with an HTML page quoting the request: the worst error text there is.
    echo = createServer((req, res) => {
      const text = `<html>${req.method} ${req.url}\n${req.rawHeaders.join(': ')}</html>`
      echoed.push(text)
      res.writeHead(200, { 'content-type': 'text/html' }).end(text)
    })
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
    const echoPort = (echo.address() as { port: number }).port
    const dead = await freePort()
    process.env.CANARY_BASIC_PW = C.envBasic
    process.env.CANARY_COMMUNITY = C.community
    process.env.CANARY_AUTH_KEY = C.authKey
    process.env.CANARY_PRIV_KEY = C.privKey
    await writeFile(join(configDir, 'token.txt'), `${C.fileToken}\n`)
    await writeFile(
      join(configDir, 'estate.yaml'),
      `name: Canary
applications:
  - id: canary
    name: Canary
    metrics:
      - { id: m, name: M, kind: throughput, unit: x/s, leadTimeDays: 1, limits: [{ name: l, value: 10, evidence: { source: vendor, date: "2025-01-01" } }] }
`,
    )
    const collector = (id: string, type: string, config: string) =>
      `  - id: ${id}\n    type: ${type}\n    schedule: '* * * * * *'\n    timeout: 5s\n    config:\n${config}`
    await writeFile(
      join(configDir, 'collectors.yaml'),
      `collectors:
${collector(
  'json-dead',
  'http-json',
  `      timeout: 1s
      endpoints:
        - url: http://canary-user:${C.urlPassword}@127.0.0.1:${dead}/p?api_key=${C.urlKey}&region=eu
          fields: [{ value: $.v, app: canary, metric: m }]
`,
)}
${collector(
  'json-echo',
  'http-json',
  `      timeout: 1s
      endpoints:
        - url: http://canary-user:${C.urlPassword}@127.0.0.1:${echoPort}/p?api_key=${C.urlKey}
          headers: { X-Api-Key: ${C.headerKey}, Authorization: "Bearer ${C.headerBearer}" }
          fields: [{ value: $.v, app: canary, metric: m }]
`,
)}
${collector(
  'prom-echo',
  'prometheus',
  `      url: http://prom-user:${C.promPassword}@127.0.0.1:${echoPort}/prom?token=${C.promToken}
      auth: { type: basic, username: headroom, passwordEnv: CANARY_BASIC_PW }
      queries: [{ expr: up, app: canary, metric: m }]
`,
)}
${collector(
  'influxql-echo',
  'influxql',
  `      url: http://127.0.0.1:${echoPort}
      database: telegraf
      auth: { type: token, tokenFile: ${join(configDir, 'token.txt')} }
      queries: [{ query: SELECT last(v) FROM x, app: canary, metric: m }]
`,
)}
${collector(
  'snmp-dead',
  'snmp',
  `      targets:
        - { host: 127.0.0.1, port: ${dead}, version: '2c', communityEnv: CANARY_COMMUNITY, timeout: 300ms, retries: 0 }
        - { host: 127.0.0.1, port: ${dead}, version: '3', user: canary, authKeyEnv: CANARY_AUTH_KEY, privKeyEnv: CANARY_PRIV_KEY, timeout: 300ms, retries: 0 }
      metrics: [{ app: canary, metric: m, oid: 1.3.6.1.2.1.1.3.0 }]
`,
)}`,
    )
    if (influxdBinary.path) influxd = await startInfluxd('canary')
    const env: Record<string, string> = {
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_CONFIG_DIR: configDir,
      HEADROOM_BACKFILL_DAYS: '0',
      HEADROOM_ADMIN_TOKEN: C.admin,
      HEADROOM_OPERATOR_TOKEN: C.operator,
      HEADROOM_VIEWER_TOKEN: C.viewer,
      HEADROOM_DISPLAY_TOKEN: C.display,
    }
    if (influxd) env.HEADROOM_INFLUX_URL = `http://influx-user:${C.influxPassword}@127.0.0.1:${influxd.port}/canary`
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log.push(chunk.toString('utf8'))
        done()
      },
    })
    server = await startServer(readSettings(env), createLogger('trace', { stream: sink, format: 'json' }))
  })
  afterAll(async () => {
    await server?.close()
    await influxd?.stop()
    await new Promise<void>((r) => echo?.close(() => r()))
    await rm(dataDir, { recursive: true, force: true })
    await rm(configDir, { recursive: true, force: true })
  })

  it('finds 0 canary secrets in every response, push and log line while collectors fail and the store goes away', async () => {
    const seen: string[] = []
    const pushes: string[] = []
    const socket = connect(server.url, { auth: { token: C.display }, transports: ['websocket'] })
    socket.onAny((event: string, ...args: unknown[]) => pushes.push(`${event} ${args.map(readable).join(' ')}`))
    // The tiles room's state and deltas come gzipped (runtime/packed-json.ts): scanned as the wall reads them.
    pushes.push(
      `watch ${readable(((await socket.timeout(15_000).emitWithAck('watch', { view: 'tiles' })) as { data?: unknown }).data)}`,
    )
    const admin = connect(server.url, { auth: { token: C.admin }, transports: ['websocket'] })
    await new Promise<void>((r) => admin.once('connect', () => r()))

    const call = async (method: string, path: string, token: string | null, body?: string) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(server.url + path, { method, headers, ...(body !== undefined ? { body } : {}) })
      // Only what came back is scanned (the request itself carries the token on purpose).
      seen.push(`${method} ${path.split('?')[0]} ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`)
    }
    const ids = ['json-dead', 'json-echo', 'prom-echo', 'influxql-echo', 'snmp-dead']
    for (const id of ids) {
      await call('POST', `/api/collectors/${id}/run`, C.operator)
      pushes.push(JSON.stringify(await admin.timeout(15_000).emitWithAck('runCollector', { id })))
    }
    const routes = listRoutes(server.app)
    for (const token of [null, C.display, C.viewer, C.operator, C.admin]) {
      for (const r of routes)
        await call(
          r.method,
          r.path.includes('(regex') ? '/wall' : r.path.replace(/:id/, 'x'),
          token,
          r.method === 'GET' ? undefined : '{}',
        )
      await call('GET', `/api/series?app=canary&metric=m&token=${C.display}`, token)
      await call('GET', `/api/nope?api_key=${C.urlKey}`, token)
    }
    await call('GET', `/api/me?token=${C.display}`, null)
    if (influxd) {
      // The store goes away: its errors (quoting its URL) reach logs, health and 503 answers.
      await influxd.halt()
      await call('GET', '/api/series?app=canary&metric=m', C.viewer)
      await new Promise((r) => setTimeout(r, 2500))
      await call('GET', '/api/health', null)
      await influxd.start()
    }
    await new Promise((r) => setTimeout(r, 2500))
    await call('GET', '/api/collectors', C.display)
    await call('GET', '/api/health', null)
    socket.close()
    admin.close()

    // Not vacuous: the credentials really went out to the peer, and error text quoting them came back.
    expect(echoed.join('\n')).toContain(C.headerKey)
    expect(echoed.join('\n')).toContain(C.fileToken)
    const collectors = seen.find((s) => s.startsWith('GET /api/collectors 200')) ?? ''
    expect(collectors).toMatch(/not JSON|not a Prometheus API answer|not an InfluxDB answer/)

    const found = {
      responses: seen.flatMap(leaksIn),
      pushes: pushes.flatMap(leaksIn),
      logs: log.flatMap(leaksIn),
    }
    console.log(
      `[issue 11] canary scan: ${seen.length} responses, ${pushes.length} pushes/acks, ${log.length} log lines at trace; ` +
        `${canaries.length} canaries (${forms().length} forms); found ${found.responses.length + found.pushes.length + found.logs.length}`,
    )
    expect(found).toEqual({ responses: [], pushes: [], logs: [] })
  })
})
