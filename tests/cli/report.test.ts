// The capacity report through the real server and the real command: the
// example estate with a few days of simulated history in a temp DuckDB file.
// GET /api/report as of today and as of an earlier day, its errors, the
// HTML download; then `headroom report` against the running server (--url)
// and, once the server has stopped, straight from the store.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { reportCommand } from '../../server/cli/report.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings, type Settings } from '../../server/settings.ts'
import { REPORT_SECTIONS } from '../../server/views/report-html.ts'
import type { ReportResponse } from '../../server/views/responses.ts'
import { waitFor } from '../support/services.ts'

let server: RunningServer | null = null
let dir: string
let settings: Settings
const today = () => new Date().toISOString().slice(0, 10)
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-report-'))
  settings = readSettings({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: join(dir, 'data'),
    HEADROOM_CONFIG_DIR: join(import.meta.dirname, '..', '..', 'config'),
    HEADROOM_BACKFILL_DAYS: '4',
  })
  server = await startServer(settings, createLogger('silent'))
  await waitFor(
    'backfill and the first engine run',
    async () => {
      const health = (await (await fetch(`${server?.url}/api/health`)).json()) as { backfill: { state: string } }
      return health.backfill.state === 'done' && (await fetch(`${server?.url}/api/report`)).status === 200
    },
    90_000,
  )
}, 120_000)

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const sectionsIn = (html: string): string[] => REPORT_SECTIONS.filter((s) => html.includes(`<h2>${s}</h2>`))

describe('GET /api/report', () => {
  it('reports as of today from the live engine with every section filled in', async () => {
    const body = (await (await fetch(`${server?.url}/api/report`)).json()) as ReportResponse
    expect(body).toMatchObject({ asOf: today(), live: true, estate: 'Smart metering communications estate' })
    const apps = body.rag.applications.length
    expect(apps).toBeGreaterThanOrEqual(8)
    expect(Object.values(body.rag.counts).reduce((s, n) => s + n, 0)).toBe(apps)
    expect(body.upgrades.summary.sentence).toMatch(/order/)
    expect(body.retest.some((r) => r.why === 'stale evidence')).toBe(true)
    expect(body.peakProfiles.map((p) => p.driver)).toEqual(['installs', 'firmware-pushes'])
    for (const p of body.peakProfiles) expect(p.slots.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 6)
  })

  it('reports as of an earlier day from a fresh engine pass over the history up to that day', async () => {
    const day = daysAgo(1)
    const body = (await (await fetch(`${server?.url}/api/report?asOf=${day}`)).json()) as ReportResponse
    expect(body).toMatchObject({ asOf: day, live: false })
    expect(body.rag.applications.length).toBeGreaterThanOrEqual(8)
    for (const p of body.peakProfiles) expect(p.to).toBe(day)
  })

  it.each([
    { query: 'asOf=yesterday', error: 'query parameter asOf must be a date like 2026-11-30; got "yesterday"' },
    { query: 'asOf=2999-01-01', error: 'query parameter asOf must not be after today' },
    { query: 'format=pdf', error: 'query parameter format must be one of json, html; got "pdf"' },
  ])('answers 400 naming the parameter when ?$query', async ({ query, error }) => {
    const res = await fetch(`${server?.url}/api/report?${query}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(error)
  })

  it('downloads one HTML file with every section when ?format=html', async () => {
    const res = await fetch(`${server?.url}/api/report?format=html`)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="headroom-report-${today()}.html"`)
    expect(sectionsIn(await res.text())).toEqual([...REPORT_SECTIONS])
  })
})

describe('headroom report', () => {
  it('writes the report as HTML from a running server when given --url', async () => {
    const out = join(dir, 'from-server.html')
    const lines: string[] = []
    const code = await reportCommand(['--url', server?.url ?? '', '--out', out], settings, {
      stdout: { write: (t: string) => lines.push(t) },
      env: {},
    })
    expect(code).toBe(0)
    expect(lines.join('')).toBe(`capacity report as of ${today()} written to ${out}\n`)
    expect(sectionsIn(await readFile(out, 'utf8'))).toEqual([...REPORT_SECTIONS])
  })

  it('writes the report as of an earlier day straight from the store once the server has stopped', async () => {
    await server?.close()
    server = null
    const out = join(dir, 'from-store.html')
    const day = daysAgo(1)
    const code = await reportCommand(['--as-of', day, '--out', out], settings, { stdout: { write: () => true }, env: {} })
    expect(code).toBe(0)
    const html = await readFile(out, 'utf8')
    expect(sectionsIn(html)).toEqual([...REPORT_SECTIONS])
    expect(html).toContain(`as of ${day} ·`)
  }, 60_000)
})
