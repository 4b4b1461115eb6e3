// Property-based requests against the real HTTP API (fast-check): every route
// of the app with random methods, path values, query strings (broken
// percent-encoding, repeated keys, unicode), headers (charsets, encodings,
// tokens) and bodies. No request may get a 5xx, and every 4xx must be the one
// JSON shape with a sentence that names what was wrong. Bounded: 1 100 runs,
// at most 5 minutes.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { listRoutes } from '../../server/http/route-table.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { waitFor } from '../support/services.ts'

const configDir = join(import.meta.dirname, '..', '..', 'config')
const RUNS = 1100
const tokens = { admin: 'fuzz-admin-token', viewer: 'fuzz-viewer-token', display: 'fuzz-display-token' }
const PARAMS = [
  'app',
  'metric',
  'from',
  'to',
  'step',
  'format',
  'kind',
  'name',
  'version',
  'driver',
  'window',
  'days',
  'token',
  'x',
]

interface Sent {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer | null
}

/** Raw HTTP, so malformed paths and headers reach the server as written (fetch would refuse or fix them). */
function send(port: number, req: Sent): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          type: String(res.headers['content-type'] ?? ''),
        }),
      )
    })
    r.on('error', reject)
    if (req.body) r.end(req.body)
    else r.end()
  })
}

const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    'now-1h',
    'now-30d',
    '2025-13-45',
    '1e309',
    '-1',
    '0',
    'NaN',
    'csv',
    'json',
    'ggsn-north',
    'sm2m',
    'installs',
    '999999999999',
  ),
  fc.integer().map(String),
)
const rawSuffix = fc.constantFrom('', '&%E0%A4%A', '&%', '&a=%ZZ', '&&&', '&app[]=x&app[]=y', '&metric[a]=1', '#frag')
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=klingon',
  'text/csv',
  'text/csv; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
)
const contentEncoding = fc.constantFrom(undefined, undefined, 'identity', 'gzip', 'deflate', 'br', 'x-unknown', 'gzip, br')
const body = fc.oneof(
  fc.constant(null),
  fc.json().map((j) => Buffer.from(j)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc
    .constantFrom(
      '{"overrides":{"multipliers":{"installs":"x"}}}',
      '{',
      '[]',
      'null',
      'time,driver,value\n2025-01-01,installs,1\n',
    )
    .map((s) => Buffer.from(s)),
)
const token = fc.constantFrom<string | null>(null, tokens.admin, tokens.viewer, tokens.display, 'not-a-token')

describe('HTTP API under fuzzed requests', () => {
  let server: RunningServer
  let dataDir: string
  let port: number

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'headroom-fuzz-'))
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_CONFIG_DIR: configDir,
      HEADROOM_BACKFILL_DAYS: '1',
      HEADROOM_ADMIN_TOKEN: tokens.admin,
      HEADROOM_VIEWER_TOKEN: tokens.viewer,
      HEADROOM_DISPLAY_TOKEN: tokens.display,
    })
    server = await startServer(settings, createLogger('silent'))
    port = Number(new URL(server.url).port)
    // The snapshot and the engine's first run exist, so a 503 "not ready yet" is not mistaken for a fault.
    await waitFor(
      'the engine to answer',
      async () =>
        (await fetch(`${server.url}/api/upgrades`, { headers: { authorization: `Bearer ${tokens.viewer}` } })).status === 200,
      120_000,
    )
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it(
    `answers ${RUNS} fuzzed requests without a 5xx, each 4xx a sentence naming what is wrong`,
    { timeout: 400_000 },
    async () => {
      const routes = listRoutes(server.app)
      const paths = routes.map((r) => (r.path.includes('(regex') ? '/wall' : r.path))
      const faults: string[] = []
      let count = 0
      const request = fc.record({
        method: fc.oneof(fc.constantFrom('GET', 'POST'), fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS')),
        path: fc.constantFrom(...paths, '/api/nope', '/api/series/../../etc/passwd', '/api/collectors/%E0%A4%A/run'),
        id: fc.oneof(fc.constantFrom('sim', 'installs-x3', 'read', 'forecasts'), fc.string({ maxLength: 12 })),
        query: fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 6 })), queryValue, { maxKeys: 4 }),
        suffix: rawSuffix,
        token,
        contentType,
        contentEncoding,
        body,
      })
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const path = r.path.replace(/:id\b/, encodeURIComponent(r.id))
          const query = new URLSearchParams(r.query).toString()
          const headers: Record<string, string> = {}
          if (r.token) headers.authorization = `Bearer ${r.token}`
          if (r.contentType) headers['content-type'] = r.contentType
          if (r.contentEncoding) headers['content-encoding'] = r.contentEncoding
          const withBody = r.body !== null && r.method !== 'GET' && r.method !== 'HEAD'
          if (withBody) headers['content-length'] = String(r.body?.length ?? 0)
          const target = `${path}?${query}${r.suffix}`
          const res = await send(port, { method: r.method, path: target, headers, body: withBody ? r.body : null }).catch(
            (err: unknown) => {
              throw new Error(`could not send ${JSON.stringify(target)}: ${String(err)}`)
            },
          )
          count++
          const where = `${r.method} ${target} ${JSON.stringify(headers)}`
          if (res.status >= 500) faults.push(`${where} -> ${res.status} ${res.body.slice(0, 200)}`)
          if (res.status >= 400 && res.status < 500 && r.method !== 'HEAD' && path.startsWith('/api')) {
            let error: unknown = null
            try {
              error = (JSON.parse(res.body) as { error?: unknown }).error
            } catch {
              // not JSON: reported below
            }
            if (typeof error !== 'string' || error.length < 10)
              faults.push(`${where} -> ${res.status} without an { error } sentence: ${res.body.slice(0, 120)}`)
          }
          return true
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: 300_000, seed: Number(process.env.HEADROOM_FUZZ_SEED ?? Date.now() % 2 ** 31) },
      )
      console.log(`[issue 11] HTTP fuzz: ${count} requests, ${faults.length} faults`)
      expect(faults).toEqual([])
      expect(count).toBeGreaterThanOrEqual(1000)
    },
  )
})
