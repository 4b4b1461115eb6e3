// The capacity-engine pages in a real Chromium against the real server:
// the upgrade table has one row per /api/upgrades row, chains show their
// bottleneck, a scenario runs and lists what breaks, the peak profile draws
// its chart with the server's sentence, feedback renders, and the
// application page shows forecast facts and a band. No console errors.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Estate } from '../../server/config/schema.ts'
import type { PeakProfileResponse, ScenariosResponse, UpgradesResponse } from '../../server/views/responses.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')

describe.skipIf(!chromiumBinary.path)('engine pages in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let estate: Estate
  let problems: string[] = []

  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(server.url + path)
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`)
    return (await res.json()) as T
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    // Enough history for the engine to forecast and rank.
    server = await startServer({ backfillDays: 14 })
    estate = await getJson<Estate>('/api/estate')
    await waitFor(
      'the engine fields in the snapshot',
      async () => {
        const snap = await getJson<{ engine?: unknown }>('/api/snapshot')
        return snap.engine !== undefined
      },
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

  it('upgrades page leads with the count to order now and the next order-by date, breaches first, the rest folded', async () => {
    const api = await getJson<UpgradesResponse>('/api/upgrades')
    expect(api.upgrades.length).toBeGreaterThan(0)
    // The count a planner must act on, from the API's own rows: late or inside the amber slack window.
    const orderNow = Object.values(api.decisions).filter((d) => d.needsAction).length
    await page.goto(`${server.url}/upgrades`)
    const summary = page.getByTestId('upgrades-summary')
    await waitFor('the decisions summary', async () => (await summary.count()) === 1)
    const headline = (await summary.locator('.headline').textContent()) ?? ''
    if (orderNow === 0) expect(headline).toBe('No upgrade needs ordering now')
    else expect(headline).toMatch(new RegExp(`^${orderNow} upgrades? to order now`))
    if (api.summary.nextOrderBy) expect(await summary.textContent()).toContain(api.summary.nextOrderBy.date)
    const breaching = api.upgrades.filter((u) => u.p90Breach !== null)
    const rows = page.locator('[data-testid="upgrades-table"] tbody.upgrade-row')
    await waitFor('one row per forecast breach', async () => (await rows.count()) === breaching.length)
    const first = breaching[0]
    if (!first) throw new Error('no forecast breach in the example estate')
    expect(await rows.first().getAttribute('data-rank')).toBe(String(first.rank))
    expect(await rows.first().getByTestId('upgrade-line').textContent()).toBe(api.decisions[`${first.app}/${first.metric}`]?.line)
    // The full reasoning is one click away, not on the page by default.
    const why = rows.first().getByTestId('upgrade-why')
    expect(await why.isVisible()).toBe(false)
    await rows
      .first()
      .getByRole('button', { name: /reasoning/ })
      .click()
    expect(await why.isVisible()).toBe(true)
    expect(await why.textContent()).toBe(first.why)
    const folded = page.getByTestId('upgrades-folded')
    expect(await folded.locator('summary').textContent()).toBe(`No breach forecast (${api.upgrades.length - breaching.length})`)
    expect(await folded.locator('tbody.upgrade-row').count()).toBe(api.upgrades.length - breaching.length)
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/upgrades?format=csv')
    await page.screenshot({ path: join(artifacts, 'upgrades.png'), fullPage: true })
  })

  it('chains page draws every chain with its bottleneck marked when opened', async () => {
    await page.goto(`${server.url}/chains`)
    await waitFor('one flow per chain', async () => (await page.locator('.chain-flow').count()) === estate.chains.length)
    expect(await page.locator('.step.bottleneck').count()).toBe(estate.chains.length)
    await waitFor(
      'next-bottleneck lines',
      async () => (await page.locator('[data-testid="next-bottleneck"]').count()) === estate.chains.length,
    )
    await page.screenshot({ path: join(artifacts, 'chains.png'), fullPage: true })
    const chain = estate.chains[0]
    if (!chain) throw new Error('no chains')
    await page.goto(`${server.url}/chains/${chain.id}`)
    await waitFor('one chain alone', async () => (await page.locator('.chain-flow').count()) === 1)
    expect(await page.locator('h1').textContent()).toBe(chain.name)
  })

  it('scenarios page lists saved scenarios and shows what breaks when one is run', async () => {
    const api = await getJson<ScenariosResponse>('/api/scenarios')
    const first = api.scenarios[0]
    if (!first) throw new Error('the example config has no saved scenarios')
    await page.goto(`${server.url}/scenarios`)
    await waitFor('one card per scenario', async () => (await page.locator('article.scenario').count()) === api.scenarios.length)
    const card = page.locator(`article[data-scenario-id="${first.id}"]`)
    await card.getByRole('button', { name: 'Run' }).click()
    const results = card.locator('[data-testid="scenario-results"]')
    await results.waitFor({ state: 'visible', timeout: 30_000 })
    expect(await results.locator('table.chains tbody tr').count()).toBe(estate.chains.length)
    expect((await results.locator('.summary').textContent())?.length ?? 0).toBeGreaterThan(10)
    await page.screenshot({ path: join(artifacts, 'scenarios.png'), fullPage: true })
  })

  it('peak profile page draws the intraday chart and the busiest-window sentence when a driver is picked', async () => {
    const driver = estate.drivers[0]
    if (!driver) throw new Error('the example estate has no drivers')
    const api = await getJson<PeakProfileResponse>(`/api/peak-profile?driver=${driver.id}`)
    await page.goto(`${server.url}/peak-profile`)
    const sentence = page.locator('[data-testid="peak-sentence"]')
    await sentence.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await sentence.textContent()).toContain(api.profile.summary)
    expect(await page.locator('.peak-page canvas').count()).toBe(1)
    await page.screenshot({ path: join(artifacts, 'peak-profile.png'), fullPage: true })
  })

  it('feedback page shows the forecast, perf-test and re-test sections when opened', async () => {
    await page.goto(`${server.url}/feedback`)
    await page.locator('#overall-heading').waitFor({ state: 'visible', timeout: 15_000 })
    expect(await page.locator('#perf-heading').count()).toBe(1)
    expect(await page.locator('#retest-heading').count()).toBe(1)
    await page.screenshot({ path: join(artifacts, 'feedback.png'), fullPage: true })
  })

  it('application page shows breach, order-by and slack on each metric card when the engine has run', async () => {
    const app = estate.applications.find((a) => a.id === 'sm2m') ?? estate.applications[0]
    if (!app) throw new Error('no applications')
    await page.goto(`${server.url}/apps/${app.id}`)
    await waitFor(
      'forecast facts on every card',
      async () => (await page.locator('[data-testid="forecast-facts"]').count()) === app.metrics.length,
    )
    await waitFor(
      'charts on every card',
      async () => (await page.locator('article.metric-card canvas').count()) === app.metrics.length,
    )
    expect(await page.locator('[data-testid="p90-breach"]').first().textContent()).toMatch(/^\d{4}-\d\d-\d\d$|^none$/)
    await page.waitForLoadState('networkidle')
    await page.screenshot({ path: join(artifacts, 'application-forecast.png'), fullPage: true })
  })

  it('engine pages log no console errors or warnings when the server is up', () => {
    expect(problems).toEqual([])
  })
})
