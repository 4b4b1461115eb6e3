// The planner's pages in a real Chromium against the real server: a what-if
// composed by hand in the page breaks what the equivalent saved scenario
// breaks, and travels in the address; the capacity report prints (Chromium's
// own PDF, read back with pdf.js) on A4 with every section. No console errors.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { REPORT_SECTIONS } from '../../server/views/report-html.ts'
import type { ReportResponse, ScenarioRunResponse } from '../../server/views/responses.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')

describe.skipIf(!chromiumBinary.path)('planner pages in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let problems: string[] = []

  const post = async <T>(path: string): Promise<T> => {
    const res = await fetch(server.url + path, { method: 'POST' })
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`)
    return (await res.json()) as T
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 14 })
    await waitFor(
      'the engine fields in the snapshot',
      async () => ((await (await fetch(`${server.url}/api/snapshot`)).json()) as { engine?: unknown }).engine !== undefined,
      60_000,
    )
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    problems = watchConsole(page)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  /** Metric key → its breach under run A, as the results table shows it. */
  async function breachesShown(): Promise<Map<string, string>> {
    const rows = page.locator('[data-testid="what-if-metrics"] tbody tr[data-metric]')
    const out = new Map<string, string>()
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i)
      const text = ((await row.getByTestId('run-breach').first().textContent()) ?? '').trim()
      if (text !== 'none') out.set((await row.getAttribute('data-metric')) ?? '', text)
    }
    return out
  }

  it('a what-if built in the page (installs ×3 at the peak, GGSN North lost) breaks what the saved scenario breaks', async () => {
    await page.goto(`${server.url}/what-if`)
    const editor = page.getByRole('form', { name: 'Compose a what-if' })
    await editor.waitFor()
    await editor.getByLabel('Name', { exact: true }).fill('Installs x3, North down')
    await editor.getByLabel('Spike Meter installs at the peak window').check()
    await editor.getByLabel('Spike factor').fill('3')
    await editor.getByLabel('Spike length in hours').fill('2')
    await editor.getByRole('button', { name: 'Add a loss' }).click()
    await editor.getByLabel('Application that loses capacity').selectOption({ label: 'GGSN North' })
    await editor.getByLabel('Per cent of capacity lost').fill('100')
    await page.getByTestId('what-if-run').click()
    await page.getByTestId('what-if-results').waitFor()

    // The same scenario as saved in config/scenarios.yaml, through the API.
    const saved = await post<ScenarioRunResponse>('/api/scenarios/installs-x3-ggsn-north-lost/run')
    const expected = new Map(
      saved.breaking.map((m) => [
        `${m.app}/${m.metric}`,
        m.breach?.days === 0 ? 'now' : `${m.breach?.date} (${m.breach?.days} d)`,
      ]),
    )
    expect(expected.size).toBeGreaterThan(0)
    const shown = await breachesShown()
    expect([...shown.entries()].sort()).toEqual([...expected.entries()].sort())
    // GGSN North's loss moves at least one chain's bottleneck, and the page says so.
    expect(await page.getByTestId('new-bottleneck').count()).toBe(saved.movedChains.length)
    await page.screenshot({ path: join(artifacts, 'what-if.png'), fullPage: true })

    // The address carries the scenario: opened afresh, it shows the same breaches.
    const shared = page.url()
    expect(new URL(shared).searchParams.get('a')).toContain('"ggsn-north"')
    const second = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    const secondProblems = watchConsole(second)
    await second.goto(shared)
    await second.getByTestId('what-if-results').waitFor()
    const rows = second.locator('[data-testid="what-if-metrics"] tbody tr[data-metric]')
    await waitFor('the shared what-if to run', async () => (await rows.count()) > 0)
    expect(await rows.count()).toBe(await page.locator('[data-testid="what-if-metrics"] tbody tr[data-metric]').count())
    await second.close()
    expect(secondProblems).toEqual([])
  })

  it("the what-if page shows the config loader's message for a bad value and gives a YAML block for a good one", async () => {
    const editor = page.getByRole('form', { name: 'Compose a what-if' })
    await editor.getByLabel('Spike factor').fill('-3')
    const before = problems.length
    await page.getByTestId('what-if-run').click()
    const listed = page.getByTestId('what-if-problems')
    await listed.waitFor()
    expect(await listed.textContent()).toContain('spike.factor:')
    // Chromium logs every 4xx answer; this one is the refusal asked for, and the only new line.
    expect(problems.slice(before)).toEqual([expect.stringMatching(/status of 400 \(Bad Request\)$/)])
    problems.splice(before)
    await editor.getByLabel('Spike factor').fill('3')
    await page.getByRole('button', { name: 'Save: YAML for scenarios.yaml' }).click()
    const yaml = page.getByTestId('what-if-yaml')
    await yaml.waitFor()
    const text = (await yaml.textContent()) ?? ''
    expect(text).toContain('- id: installs-x3-north-down')
    expect(text).toContain('spike: { drivers: [installs], factor: 3, hours: 2 }')
    expect(text).toContain('- { app: ggsn-north, fraction: 1 }')
  })

  it('the report prints one click away, on A4, with every section and the figures of GET /api/report', async () => {
    const api = (await (await fetch(`${server.url}/api/report`)).json()) as ReportResponse
    await page.goto(`${server.url}/report`)
    await page.locator('[data-section="profile"] figure').first().waitFor()
    // One click: the button opens the browser's print dialogue (stubbed here; headless Chromium has none).
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1 }')
    await page.getByTestId('print-report').click()
    expect(await page.evaluate('window.printed')).toBe(1)
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true })

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    const doc = await getDocument({ data: new Uint8Array(pdf) }).promise
    let text = ''
    for (let i = 1; i <= doc.numPages; i++) {
      const p = await doc.getPage(i)
      const { width, height } = p.getViewport({ scale: 1 })
      // A4 is 595 × 842 points.
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842])
      const content = await p.getTextContent()
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ')
    }
    // PDF text comes in runs (and ligatures split words): compare without white space.
    const flat = text.replace(/\s+/g, '')
    for (const section of REPORT_SECTIONS) expect(flat, section).toContain(section.replace(/\s+/g, ''))
    expect(flat).toContain(`asof${api.asOf}`)
    for (const a of api.rag.applications) expect(flat).toContain(a.name.replace(/\s+/g, ''))
    for (const p of api.peakProfiles) expect(flat).toContain(`${p.peakWindow.start}–${p.peakWindow.end}carries`)
    // Navigation and buttons are not printed.
    expect(flat).not.toContain('Print/saveasPDF')
    expect(flat).not.toContain('Overview')
    console.log(`report PDF: ${doc.numPages} A4 pages, ${pdf.length} bytes`)
  })

  it('pages showed no console errors or warnings', () => {
    expect(problems).toEqual([])
  })
})
