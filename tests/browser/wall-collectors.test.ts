// The wall display, the collectors page and the CSV import in a real
// Chromium against the real server (simulator estate, DuckDB in a temp dir):
// the wall rotates on its own and obeys Space and arrows, collectors show
// their health and run on request, an upload ends with rows and row errors.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Estate } from '../../server/config/schema.ts'
import type { CollectorsResponse } from '../../server/http/api-types/collectors.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')

describe.skipIf(!chromiumBinary.path)('wall, collectors and import pages in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let estate: Estate
  let problems: string[] = []

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 2 })
    estate = (await (await fetch(`${server.url}/api/estate`)).json()) as Estate
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    problems = watchConsole(page)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  const view = (): Promise<string | null> => page.locator('[data-testid="wall-view"]').getAttribute('data-view')

  it('wall shows every application as a big tile without navigation when opened', async () => {
    await page.goto(`${server.url}/wall?rotate=3&exceptions=off`)
    await waitFor(
      'one wall tile per application',
      async () => (await page.locator('.wall-tile').count()) === estate.applications.length,
    )
    expect(await page.locator('header.app-header').count()).toBe(0)
    expect(await view()).toBe('tiles')
    // Legible from three metres: the headline number is at least 60 px tall.
    const size = await page
      .locator('.wall-tile .num')
      .first()
      .evaluate((el) => parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).fontSize ?? '0'))
    expect(size).toBeGreaterThanOrEqual(60)
    await page.screenshot({ path: join(artifacts, 'wall-tiles.png') })
  })

  it('wall moves to the next view by itself when the rotation interval passes', async () => {
    const first = await view()
    await waitFor('the wall to rotate', async () => (await view()) !== first, 10_000)
    const second = await view()
    expect(second).not.toBe(first)
    if (second === 'chains-1') {
      // Two chains per wall page: more do not fit 1080 px at wall size.
      expect(await page.locator('.chain-flow').count()).toBe(Math.min(2, estate.chains.length))
      expect(await page.locator('.chain-flow .step.bottleneck').count()).toBeGreaterThan(0)
    }
    await page.screenshot({ path: join(artifacts, `wall-${second ?? 'unknown'}.png`) })
  })

  it('wall pauses on Space and steps with the arrow keys while paused', async () => {
    const indicator = page.locator('[data-testid="rotation-indicator"]')
    await page.keyboard.press('Space')
    expect(await indicator.getAttribute('data-paused')).toBe('true')
    expect(await page.getByText('PAUSED').count()).toBe(1)
    const paused = await view()
    await page.keyboard.press('ArrowRight')
    const stepped = await view()
    expect(stepped).not.toBe(paused)
    await page.keyboard.press('ArrowLeft')
    expect(await view()).toBe(paused)
    // Every view with data gets its screenshot, for a person to look at.
    const count = await page.locator('.pills li').count()
    for (let i = 0; i < count; i++) {
      await page.screenshot({ path: join(artifacts, `wall-view-${(await view()) ?? i}.png`) })
      await page.keyboard.press('ArrowRight')
    }
    await page.keyboard.press('Space')
    expect(await indicator.getAttribute('data-paused')).toBe('false')
  })

  it('collectors page lists every configured collector with its state when opened', async () => {
    const api = (await (await fetch(`${server.url}/api/collectors`)).json()) as CollectorsResponse
    await page.goto(`${server.url}/collectors`)
    const rows = page.locator('[data-testid="collectors-table"] tbody tr')
    await waitFor('one row per collector', async () => (await rows.count()) === api.collectors.length)
    for (const c of api.collectors) {
      const row = page.locator(`tr[data-collector-id="${c.id}"]`)
      expect(await row.locator('th .id').textContent()).toBe(c.id)
      expect(['ok', 'failing', 'backoff', 'running', 'idle']).toContain(await row.getAttribute('data-state'))
    }
  })

  it('collectors page runs a collector and shows the result when Run now is pressed', async () => {
    const api = (await (await fetch(`${server.url}/api/collectors`)).json()) as CollectorsResponse
    const first = api.collectors.find((c) => c.enabled)
    if (!first) throw new Error('the example config has no enabled collector')
    const row = page.locator(`tr[data-collector-id="${first.id}"]`)
    await row.getByRole('button', { name: /run now/i }).click()
    await waitFor('the run to finish', async () =>
      /run (finished|ended)/.test((await row.locator('[role="status"]').textContent()) ?? ''),
    )
    expect(await row.locator('time').count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(artifacts, 'collectors.png'), fullPage: true })
  })

  it('import page uploads a CSV and lists its bad rows as file:line when the import finishes', async () => {
    await page.goto(`${server.url}/import`)
    const csv = [
      'time,driver,value',
      '2020-03-02 09:00,installs,120',
      '2020-03-02 10:00,installs,abc',
      '2020-03-02 11:00,installs,150',
    ].join('\n')
    await page
      .locator('[data-testid="file-input"]')
      .setInputFiles({ name: 'installs-test.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('select[name="kind"]').selectOption('driver-actuals')
    await page.getByRole('button', { name: 'Upload and import' }).click()
    const status = page.locator('[data-testid="import-status"]')
    await waitFor('the import to finish', async () => (await status.getAttribute('data-phase')) === 'done', 20_000)
    expect(await status.textContent()).toMatch(/3 rows · 2 samples · 1 row error\b/)
    expect(await page.locator('[data-testid="row-errors"] li').first().textContent()).toMatch(/^installs-test\.csv:3 value: /)
    await waitFor('the recent list to show the file', async () =>
      ((await page.locator('[data-testid="recent-imports"]').textContent()) ?? '').includes('installs-test.csv'),
    )
    await page.screenshot({ path: join(artifacts, 'import.png'), fullPage: true })
  })

  it('pages log no console errors or warnings when the server is up', () => {
    expect(problems).toEqual([])
  })
})

describe.skipIf(!chromiumBinary.path)('wall and collectors with a read-only display token', () => {
  const displayToken = 'wall-display-token-for-page-tests'
  let server: RunningServer
  let browser: Browser
  let page: Page
  let problems: string[] = []

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 0, env: { HEADROOM_DISPLAY_TOKEN: displayToken }, token: displayToken })
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    problems = watchConsole(page)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('wall keeps ?rotate= and drops the token from the address when opened with ?token=', async () => {
    await page.goto(`${server.url}/wall?token=${displayToken}&rotate=3&exceptions=off`)
    await waitFor('wall tiles with a display token', async () => (await page.locator('.wall-tile').count()) > 0)
    expect(page.url()).not.toContain(displayToken)
    expect(page.url()).toContain('rotate=3')
    expect(await page.locator('[data-testid="auth-notice"]').count()).toBe(0)
  })

  it('wall keeps its tiles and shows the reconnect banner when the server goes away', async () => {
    // Count on the tiles view, whichever view the rotation was on.
    const toTiles = () =>
      waitFor('the tiles view', async () => {
        if ((await page.locator('[data-testid="wall-view"]').getAttribute('data-view')) === 'tiles') return true
        await page.keyboard.press('ArrowRight')
        return false
      })
    await page.keyboard.press('Space')
    await toTiles()
    const tiles = await page.locator('.wall-tile').count()
    expect(tiles).toBeGreaterThan(0)
    await page.keyboard.press('Space')
    await server.stop()
    const banner = page.locator('[data-testid="reconnect-banner"]')
    await banner.waitFor({ state: 'visible', timeout: 30_000 })
    // Whatever view the rotation is on, it still has content, never a blank screen.
    expect(await page.locator('[data-testid="wall-view"]').count()).toBe(1)
    await page.keyboard.press('Space')
    await toTiles()
    expect(await page.locator('.wall-tile').count()).toBe(tiles)
    await page.screenshot({ path: join(artifacts, 'wall-disconnected.png') })
    await server.restart()
    await banner.waitFor({ state: 'detached', timeout: 30_000 })
    problems = problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|ERR_EMPTY_RESPONSE/.test(p))
  })

  it('collectors page disables Run now with an explanation when the token is read-only', async () => {
    await page.goto(`${server.url}/collectors`)
    const button = page.getByRole('button', { name: /run now/i }).first()
    await button.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await button.isDisabled()).toBe(true)
    expect(await button.getAttribute('title')).toMatch(/operator token/)
    expect(await page.locator('#operator-hint').textContent()).toMatch(/read-only display token/)
  })

  it('pages log no console errors or warnings with a display token apart from the outage', () => {
    expect(problems).toEqual([])
  })
})
