// The dashboard in a real Chromium against the real server (simulator
// estate, DuckDB in a temp dir): tiles for every application, live updates
// without reload, the application page's charts, no console errors, and a
// server restart that shows the reconnect banner and then clears it.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Estate } from '../../server/config/schema.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')
const rags = ['green', 'amber', 'red', 'unknown']

describe.skipIf(!chromiumBinary.path)('dashboard in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let estate: Estate
  /** Console errors/warnings and uncaught page errors, in the order they happened. */
  let problems: string[] = []
  /** How many problems were logged before the server was stopped: the rest belong to the outage and after. */
  let beforeOutage: number | null = null

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 3 })
    estate = (await (await fetch(`${server.url}/api/estate`)).json()) as Estate
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    problems = watchConsole(page)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('overview page shows one tile per application with a RAG class and a value when the server runs', async () => {
    await page.goto(server.url + '/')
    const tiles = page.locator('a.tile[data-app-id]')
    await waitFor('one tile per application', async () => (await tiles.count()) === estate.applications.length)
    // The first snapshot may predate the first collection; wait for values.
    await waitFor('a value on every tile', async () => {
      const values = await page.locator('[data-testid="tile-value"]').allTextContents()
      return values.length === estate.applications.length && values.every((v) => /\d/.test(v))
    })
    const ids = await tiles.evaluateAll((els) => els.map((el) => el.getAttribute('data-app-id')))
    expect([...ids].sort()).toEqual(estate.applications.map((a) => a.id).sort())
    for (const tile of await tiles.all()) {
      const rag = await tile.getAttribute('data-rag')
      expect(rags).toContain(rag)
      expect(await tile.getAttribute('class')).toContain(`rag-${rag}`)
    }
    await page.screenshot({ path: join(artifacts, 'overview.png'), fullPage: true })
  })

  it('overview page updates generatedAt without a reload when the server pushes a new snapshot', async () => {
    await page.evaluate('window.__headroomNoReload = true')
    const stamp = page.locator('[data-testid="generated-at"]')
    const before = await stamp.getAttribute('data-generated-at')
    expect(before).toMatch(/^\d{4}-\d\d-\d\dT/)
    await waitFor('a newer snapshot', async () => (await stamp.getAttribute('data-generated-at')) !== before, 45_000)
    expect(await page.evaluate('window.__headroomNoReload')).toBe(true)
    expect(await stamp.textContent()).toMatch(/updated \d+ s ago/)
  })

  it('application page draws one chart per metric when a tile is clicked', async () => {
    const app = estate.applications[0]
    if (!app) throw new Error('the estate has no applications')
    await page.locator(`a.tile[data-app-id="${app.id}"]`).click()
    await page.waitForURL(`**/apps/${app.id}`)
    await waitFor('one card per metric', async () => (await page.locator('article.metric-card').count()) === app.metrics.length)
    await waitFor(
      'one chart per metric',
      async () => (await page.locator('article.metric-card canvas').count()) === app.metrics.length,
    )
    expect(await page.locator('h1').textContent()).toBe(app.name)
    await page.screenshot({ path: join(artifacts, 'application.png'), fullPage: true })
  })

  it('application page switches theme and range when the user asks', async () => {
    const html = page.locator('html')
    const before = await html.getAttribute('data-theme')
    await page.getByRole('button', { name: /switch to (light|dark) theme/i }).click()
    expect(await html.getAttribute('data-theme')).not.toBe(before)
    await page.getByRole('button', { name: '24 h' }).click()
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true')
    await page.waitForLoadState('networkidle')
    await page.screenshot({ path: join(artifacts, 'application-other-theme.png'), fullPage: true })
    await page.getByRole('button', { name: /switch to (light|dark) theme/i }).click()
  })

  it('overview tile opens its application when focused and Enter is pressed', async () => {
    await page.getByRole('link', { name: 'Overview' }).first().click()
    const second = estate.applications[1] ?? estate.applications[0]
    if (!second) throw new Error('the estate has no applications')
    await page.locator(`a.tile[data-app-id="${second.id}"]`).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/apps/${second.id}`)
    await page.goBack()
    await page.waitForURL(server.url + '/')
  })

  it('application page says the id is unknown when no application has it', async () => {
    await page.goto(`${server.url}/apps/no-such-app`)
    const alert = page.getByRole('alert').filter({ hasText: 'no-such-app' })
    await alert.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await alert.textContent()).toMatch(/There is no application with id “no-such-app”/)
    await page.goto(server.url + '/')
  })

  it('pages log no console errors or warnings when the server is up', () => {
    expect(problems.slice(0, beforeOutage ?? problems.length)).toEqual([])
  })

  it('reconnect banner appears with the tiles kept when the server stops, and goes when it returns', async () => {
    const tiles = page.locator('a.tile[data-app-id]')
    const banner = page.locator('[data-testid="reconnect-banner"]')
    await waitFor('tiles on the overview', async () => (await tiles.count()) === estate.applications.length)
    expect(await banner.count()).toBe(0)

    beforeOutage = problems.length
    await server.stop()
    await banner.waitFor({ state: 'visible', timeout: 30_000 })
    expect(await banner.textContent()).toMatch(/Connection lost — reconnecting…, showing data from \d\d:\d\d:\d\d/)
    expect(await tiles.count()).toBe(estate.applications.length)
    await page.screenshot({ path: join(artifacts, 'overview-disconnected.png'), fullPage: true })

    await server.restart()
    await banner.waitFor({ state: 'detached', timeout: 30_000 })
    expect(await tiles.count()).toBe(estate.applications.length)
    await page.screenshot({ path: join(artifacts, 'overview-reconnected.png'), fullPage: true })

    // While the server was down Chromium logs the refused reconnect attempts;
    // anything else is a bug.
    const unexpected = problems
      .slice(beforeOutage)
      .filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|ERR_EMPTY_RESPONSE/.test(p))
    expect(unexpected).toEqual([])
  })
})

describe.skipIf(!chromiumBinary.path)('dashboard in Chromium with tokens configured', () => {
  const displayToken = 'wall-display-secret-for-tests'
  let server: RunningServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 0, env: { HEADROOM_DISPLAY_TOKEN: displayToken }, token: displayToken })
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('app explains that a token is needed when the page is opened without one', async () => {
    await page.goto(server.url + '/')
    const notice = page.locator('[data-testid="auth-notice"]')
    await notice.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await notice.textContent()).toMatch(/needs an access token.*\?token=/)
    expect(await page.locator('a.tile').count()).toBe(0)
    await page.screenshot({ path: join(artifacts, 'auth-needed.png') })
  })

  it('app shows the tiles and hides the token from the address bar when opened with ?token=', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const problems = watchConsole(fresh)
    await fresh.goto(`${server.url}/?token=${displayToken}`)
    await waitFor('tiles with a display token', async () => (await fresh.locator('a.tile[data-app-id]').count()) > 0)
    expect(fresh.url()).not.toContain(displayToken)
    expect(await fresh.locator('[data-testid="auth-notice"]').count()).toBe(0)
    // A reload keeps working: the token is kept for the tab's session.
    await fresh.reload()
    await waitFor('tiles after a reload', async () => (await fresh.locator('a.tile[data-app-id]').count()) > 0)
    expect(problems).toEqual([])
    await fresh.close()
  })
})
