// http-json against a loopback server replaying recorded API responses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpJsonPlugin } from '../../../../collectors/plugins/http-json/index.ts'
import type { HttpJsonConfig } from '../../../../collectors/plugins/http-json/config.ts'
import { freePort } from '../../../support/services.ts'
import { messages, recordingAccumulator, testContext } from './plugin-harness.ts'
import { startRecordedServer, type RecordedServer } from './recorded-server.ts'

const password = 'rabbit-s3cret-pw'
const token = 'es-t0ken-do-not-log'
let server: RecordedServer
let secretDir: string
const now = new Date('2025-06-30T12:00:00Z')

function config(raw: unknown): HttpJsonConfig {
  const parsed = httpJsonPlugin.parseConfig(raw)
  if (!parsed.ok) throw new Error(`test config rejected: ${JSON.stringify(parsed.issues)}`)
  return parsed.value
}

async function collect(raw: unknown, signal?: AbortSignal) {
  const acc = recordingAccumulator()
  await httpJsonPlugin.collect(config(raw), acc, testContext({ now, signal }))
  return acc
}

beforeAll(async () => {
  server = await startRecordedServer({ basic: `headroom:${password}`, bearer: token })
  secretDir = mkdtempSync(join(tmpdir(), 'headroom-http-json-'))
  writeFileSync(join(secretDir, 'es.token'), `${token}\n`)
  process.env.HEADROOM_TEST_RABBIT_PW = password
})

afterAll(async () => {
  await server?.close()
  if (secretDir) rmSync(secretDir, { recursive: true, force: true })
  delete process.env.HEADROOM_TEST_RABBIT_PW
})

describe('httpJsonPlugin.parseConfig()', () => {
  it('returns every problem with its path when several fields are wrong', () => {
    const result = httpJsonPlugin.parseConfig({
      timeout: 'soon',
      endpoints: [
        { url: 'ftp://nms/stats', fields: [{ value: 'sessions', metric: 'x', app: 'sm2m' }] },
        { url: 'http://nms/ok', fields: [{ value: '$.a', metric: 'y', app: 'sm2m', appPath: '$.app', colour: 'red' }] },
        {
          url: 'http://nms/auth',
          auth: { type: 'basic', username: 'u', password: 'inline' },
          fields: [{ value: '$.a', metric: 'z', app: 'sm2m' }],
        },
      ],
    })
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^timeout: expected a duration/),
        expect.stringMatching(/^endpoints\.0\.url: expected an http/),
        expect.stringMatching(/^endpoints\.0\.fields\.0\.value: expected a JSONPath/),
        expect.stringMatching(/^endpoints\.1\.fields\.0: .*colour/),
        expect.stringMatching(/^endpoints\.2\.auth/),
      ]),
    )
  })

  it('accepts the sample config from the README when it is well formed', () => {
    const result = httpJsonPlugin.parseConfig({
      endpoints: [
        {
          url: 'http://sm2m-01:8080/actuator/health',
          fields: [{ value: '$.status', valueMap: { UP: 1, DOWN: 0 }, app: 'sm2m', metric: 'up' }],
        },
      ],
    })
    expect(result).toMatchObject({ ok: true, value: { timeout: '5s', endpoints: [{ method: 'GET', expectStatus: [200] }] } })
  })
})

describe('httpJsonPlugin.collect()', () => {
  it('maps recorded actuator responses to samples when the endpoints answer 200', async () => {
    const acc = await collect({
      endpoints: [
        {
          url: `${server.base}/actuator/metrics/tomcat.sessions.active.current`,
          fields: [
            {
              value: '$.measurements[?(@.statistic=="VALUE")].value',
              app: 'sm2m',
              metric: 'active-sessions',
              tags: { node: 'sm2m-01' },
            },
          ],
        },
        {
          url: `${server.base}/actuator/health`,
          fields: [
            { value: '$.status', valueMap: { UP: 1, DOWN: 0 }, app: 'sm2m', metric: 'up' },
            { value: '$.components.jms.status', valueMap: { UP: 1, DOWN: 0 }, app: 'sm2m', metric: 'jms-up' },
            { value: '$.components.diskSpace.details.free', app: 'sm2m', metric: 'disk-free-bytes' },
          ],
        },
      ],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toEqual(
      expect.arrayContaining([
        { app: 'sm2m', metric: 'active-sessions', value: 412, at: now, tags: { node: 'sm2m-01' } },
        { app: 'sm2m', metric: 'up', value: 1, at: now },
        { app: 'sm2m', metric: 'jms-up', value: 0, at: now },
        { app: 'sm2m', metric: 'disk-free-bytes', value: 91804938240, at: now },
      ]),
    )
    expect(acc.samples).toHaveLength(4)
  })

  it('emits one sample per queue with tags from each item when "each" is set and basic auth comes from env', async () => {
    const acc = await collect({
      endpoints: [
        {
          url: `${server.base}/api/queues/%2Fdmm`,
          auth: { type: 'basic', username: 'headroom', passwordEnv: 'HEADROOM_TEST_RABBIT_PW' },
          fields: [
            {
              each: '$[*]',
              value: '$.messages',
              app: 'dmm',
              metric: 'queue-depth',
              tagPaths: { queue: '$.name', node: '$.node' },
            },
          ],
        },
      ],
    })
    expect(messages(acc)).toEqual([])
    expect(acc.samples.map((s) => [s.tags?.queue, s.tags?.node, s.value])).toEqual([
      ['dmm.firmware.commands', 'rabbit@mq-01', 37],
      ['dmm.hub.events', 'rabbit@mq-02', 1890],
      ['dmm.deadletter', 'rabbit@mq-01', 0],
    ])
  })

  it('sends the bearer token from a file and never puts it in an error when the API refuses', async () => {
    const tokenFile = join(secretDir, 'es.token')
    const ok = await collect({
      endpoints: [
        {
          url: `${server.base}/_cluster/health`,
          auth: { type: 'bearer', tokenFile },
          fields: [{ value: '$.unassigned_shards', app: 'ot', metric: 'unassigned-shards' }],
        },
      ],
    })
    expect(ok.samples.map((s) => s.value)).toEqual([26])
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${token}`)

    const refused = await collect({
      endpoints: [
        {
          url: `${server.base}/api/queues/%2Fdmm?api_key=${token}`,
          auth: { type: 'basic', username: 'headroom', passwordFile: tokenFile },
          fields: [{ value: '$[0].messages', app: 'dmm', metric: 'queue-depth' }],
        },
      ],
    })
    expect(messages(refused)).toEqual([expect.stringContaining('HTTP 401 Unauthorized, expected 200')])
    expect(messages(refused)[0]).toContain('api_key=***')
    expect(messages(refused)[0]).not.toContain(token)
  })

  it('reports the missing variable by name and sends nothing when the password env is unset', async () => {
    const before = server.requests.length
    const acc = await collect({
      endpoints: [
        {
          url: `${server.base}/api/queues/%2Fdmm`,
          auth: { type: 'basic', username: 'headroom', passwordEnv: 'HEADROOM_TEST_UNSET_PW' },
          fields: [{ value: '$[0].messages', app: 'dmm', metric: 'q' }],
        },
      ],
    })
    expect(messages(acc)).toEqual([
      `[url=${server.base}/api/queues/%2Fdmm] basic auth password: environment variable HEADROOM_TEST_UNSET_PW is not set`,
    ])
    expect(server.requests.length).toBe(before)
  })

  it('reports a bad status with the URL and keeps collecting the other endpoints when one is in maintenance', async () => {
    const acc = await collect({
      endpoints: [
        { url: `${server.base}/maintenance`, fields: [{ value: '$.sessions', app: 'sm2m', metric: 'active-sessions' }] },
        {
          url: `${server.base}/actuator/health`,
          fields: [{ value: '$.status', valueMap: { UP: 1 }, app: 'sm2m', metric: 'up' }],
        },
      ],
    })
    expect(messages(acc)).toEqual([
      `[url=${server.base}/maintenance] HTTP 503 Service Unavailable, expected 200: Service Unavailable: SM2M stats API is in a maintenance window`,
    ])
    expect(acc.samples).toEqual([{ app: 'sm2m', metric: 'up', value: 1, at: now }])
  })

  it('reports invalid JSON with the URL and an excerpt when a proxy answers with HTML or the body is cut short', async () => {
    const acc = await collect({
      endpoints: [
        { url: `${server.base}/behind-proxy`, fields: [{ value: '$.sessions', app: 'sm2m', metric: 'active-sessions' }] },
        {
          url: `${server.base}/truncated`,
          fields: [{ value: '$.measurements[0].value', app: 'sm2m', metric: 'active-sessions' }],
        },
      ],
    })
    const [html, truncated] = [...messages(acc)].sort()
    expect(html).toMatch(
      new RegExp(
        `^\\[url=${server.base}/behind-proxy\\] response is not valid JSON \\(.*content-type text/html\\): <!doctype html> <html> <head> <title>Sign in`,
      ),
    )
    expect(truncated).toMatch(new RegExp(`^\\[url=${server.base}/truncated\\] response is not valid JSON`))
    expect(acc.samples).toEqual([])
  })

  it('names the missing field and still emits the fields that exist when the API renamed one', async () => {
    const acc = await collect({
      endpoints: [
        {
          url: `${server.base}/renamed/actuator/metrics/tomcat.sessions.active.current`,
          fields: [
            { value: '$.measurements[0].value', app: 'sm2m', metric: 'active-sessions' },
            { value: '$.samples[0].value', app: 'sm2m', metric: 'active-sessions-v2' },
          ],
        },
        {
          url: `${server.base}/api/queues/%2Fdmm`,
          auth: { type: 'basic', username: 'headroom', passwordEnv: 'HEADROOM_TEST_RABBIT_PW' },
          fields: [{ each: '$[*]', value: '$.consumers_active', app: 'dmm', metric: 'consumers' }],
        },
      ],
    })
    expect(messages(acc).sort()).toEqual([
      `[url=${server.base}/api/queues/%2Fdmm] metric consumers: $[*][0] $.consumers_active: no match in the response; metric consumers: $[*][1] $.consumers_active: no match in the response; metric consumers: $[*][2] $.consumers_active: no match in the response`,
      `[url=${server.base}/renamed/actuator/metrics/tomcat.sessions.active.current] metric active-sessions: $.measurements[0].value: no match in the response`,
    ])
    expect(acc.samples).toEqual([{ app: 'sm2m', metric: 'active-sessions-v2', value: 399, at: now }])
  })

  it('stops waiting and reports an abort when the run signal fires while an endpoint hangs', async () => {
    const controller = new AbortController()
    const hung = server.requested('/hang')
    const run = collect(
      { timeout: '1h', endpoints: [{ url: `${server.base}/hang`, fields: [{ value: '$.x', app: 'sm2m', metric: 'm' }] }] },
      controller.signal,
    )
    await hung
    controller.abort()
    const acc = await run
    expect(messages(acc)).toEqual([
      `[url=${server.base}/hang] aborted: the collector run was cancelled (run timeout or shutdown)`,
    ])
  })

  it('reports "timed out after 300ms" when an endpoint hangs past its own timeout', async () => {
    const acc = await collect({
      endpoints: [{ url: `${server.base}/hang`, timeout: '300ms', fields: [{ value: '$.x', app: 'sm2m', metric: 'm' }] }],
    })
    expect(messages(acc)).toEqual([`[url=${server.base}/hang] timed out after 300ms`])
  })

  it('refuses a body past maxBytes with the URL when an endpoint answers with far more than expected', async () => {
    const acc = await collect({
      endpoints: [
        {
          url: `${server.base}/api/queues/%2Fdmm`,
          maxBytes: 100,
          auth: { type: 'basic', username: 'headroom', passwordEnv: 'HEADROOM_TEST_RABBIT_PW' },
          fields: [{ value: '$[0].messages', app: 'dmm', metric: 'q' }],
        },
      ],
    })
    expect(messages(acc)).toEqual([`[url=${server.base}/api/queues/%2Fdmm] response is larger than the 100-byte limit`])
  })

  it('reports connection refused with the URL when nothing listens on the port', async () => {
    const port = await freePort()
    const acc = await collect({
      endpoints: [{ url: `http://127.0.0.1:${port}/stats`, fields: [{ value: '$.x', app: 'sm2m', metric: 'm' }] }],
    })
    expect(messages(acc)).toEqual([`[url=http://127.0.0.1:${port}/stats] connection refused (ECONNREFUSED)`])
  })
})
