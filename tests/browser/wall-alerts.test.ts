// Rotate to exceptions in a real Chromium against the real server: a metric
// driven over its critical threshold sends the wall to its alert view within
// one rotation interval, and it goes back to the normal cycle within one
// interval of the exception clearing. Opened with a display token, as a TV is.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertsResponse } from '../../server/http/api-types/alerts.ts'
import { EDGE_RULE, startMetricSource, writeAlertConfig, type MetricSource } from '../alerts/e2e-setup.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')
const DISPLAY = 'wall-display-token-1'
const VIEWER = 'wall-viewer-token-1'
/** Seconds per wall view (?rotate=). */
const ROTATE_S = 8

describe.skipIf(!chromiumBinary.path)('wall rotates to exceptions in Chromium', () => {
  let server: RunningServer
  let source: MetricSource
  let configDir: string
  let browser: Browser
  let page: Page
  let problems: string[] = []

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    source = await startMetricSource(10)
    configDir = mkdtempSync(join(tmpdir(), 'headroom-wall-alerts-'))
    writeAlertConfig(configDir, source.url, `evaluationInterval: 1s\ngroups:\n${EDGE_RULE}`)
    server = await startServer({
      backfillDays: 0,
      token: VIEWER,
      env: { HEADROOM_CONFIG_DIR: configDir, HEADROOM_DISPLAY_TOKEN: DISPLAY, HEADROOM_VIEWER_TOKEN: VIEWER },
    })
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    problems = watchConsole(page)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
    await source?.close()
    if (configDir) rmSync(configDir, { recursive: true, force: true })
  })

  const wall = () => page.locator('.wall')
  const mode = () => wall().getAttribute('data-mode')
  const view = () => page.locator('[data-testid="wall-view"]').getAttribute('data-view')
  const serverAlerts = async () =>
    (await (await fetch(`${server.url}/api/alerts`, { headers: { authorization: `Bearer ${VIEWER}` } })).json()) as AlertsResponse

  it('has an alert view in its normal rotation while nothing is wrong', async () => {
    await page.goto(`${server.url}/wall?token=${DISPLAY}&rotate=${ROTATE_S}`)
    await waitFor(
      'the wall with its views',
      async () => (await page.locator('[data-testid="rotation-indicator"] li').count()) >= 2,
    )
    expect(await mode()).toBe('normal')
    const titles = await page.locator('[data-testid="rotation-indicator"] li').allTextContents()
    expect(titles.map((t) => t.trim())).toEqual(expect.arrayContaining(['Applications', 'Alerts']))
    await waitFor('the first snapshot with the edge value', async () => (await page.locator('.wall-tile').count()) === 2)
  })

  it('switches to the alert view within one rotation interval after the metric turns red', async () => {
    source.set(95)
    // The moment the server sees the exception: the value over critical in its alert state.
    await waitFor('the server to see edge over critical', async () => (await serverAlerts()).overCritical.length === 1, 20_000)
    const seen = Date.now()
    await waitFor(
      'the wall to show its exceptions',
      async () => (await mode()) === 'exceptions' && (await view()) === 'alerts',
      ROTATE_S * 1000,
    )
    const switchedAfterMs = Date.now() - seen
    console.info(
      `wall switched to the alert view ${switchedAfterMs} ms after the server saw the exception (interval ${ROTATE_S * 1000} ms)`,
    )
    expect(switchedAfterMs).toBeLessThanOrEqual(ROTATE_S * 1000)
    expect(await page.locator('[data-testid="over-critical"], .wall-alerts .card').count()).toBeGreaterThan(0)
    // Only the views that show the exception stay in the rotation.
    const titles = (await page.locator('[data-testid="rotation-indicator"] li').allTextContents()).map((t) => t.trim())
    expect(titles).toEqual(['Alerts', 'Applications'])
    await waitFor(
      'the alert to fire and show as a card',
      async () => (await page.locator('.wall-alerts .card').count()) === 1,
      20_000,
    )
    expect(await page.locator('.wall-alerts .card h3').textContent()).toContain('Edge gateway · Sessions')
    await page.screenshot({ path: join(artifacts, 'wall-exceptions.png') })
  })

  it('goes back to the normal cycle within one rotation interval after the exception clears', async () => {
    source.set(10)
    await waitFor('the server to clear the exception', async () => (await serverAlerts()).summary.exceptions === 0, 20_000)
    const cleared = Date.now()
    await waitFor('the wall to leave exception mode', async () => (await mode()) === 'normal', ROTATE_S * 1000)
    const backAfterMs = Date.now() - cleared
    console.info(`wall back to normal ${backAfterMs} ms after the server cleared the exception (interval ${ROTATE_S * 1000} ms)`)
    expect(backAfterMs).toBeLessThanOrEqual(ROTATE_S * 1000)
    expect(await view()).toBe('tiles')
    const titles = (await page.locator('[data-testid="rotation-indicator"] li').allTextContents()).map((t) => t.trim())
    expect(titles).toEqual(expect.arrayContaining(['Applications', 'Alerts']))
  })

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([])
  })
})
