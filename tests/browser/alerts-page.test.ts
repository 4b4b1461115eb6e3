// The Alerts page, the header badge and the application page's alert
// markers in a real Chromium against a real server with one metric driven
// over its threshold: operators acknowledge and silence from the page,
// viewers see the same alerts with the controls disabled and told why.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDGE_RULE, startMetricSource, writeAlertConfig, type MetricSource } from '../alerts/e2e-setup.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')
const OPERATOR = 'alerts-page-operator'
const VIEWER = 'alerts-page-viewer'

describe.skipIf(!chromiumBinary.path)('Alerts page in Chromium', () => {
  let server: RunningServer
  let source: MetricSource
  let configDir: string
  let browser: Browser
  const problems: string[] = []

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    source = await startMetricSource(95)
    configDir = mkdtempSync(join(tmpdir(), 'headroom-alerts-page-'))
    writeAlertConfig(configDir, source.url, `evaluationInterval: 1s\ngroups:\n${EDGE_RULE}`)
    server = await startServer({
      backfillDays: 0,
      token: VIEWER,
      env: { HEADROOM_CONFIG_DIR: configDir, HEADROOM_OPERATOR_TOKEN: OPERATOR, HEADROOM_VIEWER_TOKEN: VIEWER },
    })
    browser = await launchChromium(chromiumBinary.path ?? '')
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
    await source?.close()
    if (configDir) rmSync(configDir, { recursive: true, force: true })
  })

  async function openAs(token: string, theme: 'dark' | 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    const seen = watchConsole(page)
    page.on('close', () => problems.push(...seen))
    // Signed in for this tab, as the sign-in form leaves it, and the theme picked.
    await page.addInitScript({
      content: `sessionStorage.setItem('headroom-token', ${JSON.stringify(token)}); localStorage.setItem('headroom-theme', ${JSON.stringify(theme)})`,
    })
    await page.goto(`${server.url}/alerts`)
    await waitFor('the firing alert on the page', async () => (await page.locator('[data-state="firing"]').count()) === 1, 30_000)
    return page
  }

  it('lists the firing alert with its summary, counts it in the header badge and filters by state', async () => {
    const page = await openAs(OPERATOR, 'dark')
    const row = page.locator('.alert-row').first()
    expect(await row.locator('.name').textContent()).toBe('EdgeSessionsHigh')
    expect(await row.locator('.summary').textContent()).toContain('Edge gateway Sessions at 95 % of 100 sessions')
    expect(await page.locator('[data-testid="alert-badge"]').getAttribute('data-firing')).toBe('1')
    await page.locator('[data-testid="filter-state"]').selectOption('resolved')
    await waitFor('the filtered empty list', async () => (await page.locator('[data-testid="no-alerts"]').count()) === 1)
    expect(page.url()).toContain('state=resolved')
    await page.locator('[data-testid="filter-state"]').selectOption('active')
    await page.close()
  })

  it('lets an operator acknowledge with a comment and shows it in the row and the history', async () => {
    const page = await openAs(OPERATOR, 'dark')
    await page.getByRole('button', { name: 'Acknowledge' }).first().click()
    await page.getByPlaceholder('What are you doing about it? (optional)').fill('adding sessions licence')
    await page.locator('.ack-form').getByRole('button', { name: 'Acknowledge' }).click()
    await waitFor('the acknowledgement in the row', async () => (await page.locator('.flag.acked').count()) === 1)
    expect(await page.locator('.flag.acked').textContent()).toContain('adding sessions licence')
    await waitFor(
      'the ack in the history',
      async () => (await page.locator('[data-testid="alert-history"]').textContent())?.includes('ack') ?? false,
    )
    await page.screenshot({ path: join(artifacts, 'alerts-page-dark.png'), fullPage: true })
    await page.close()
  })

  it('lets an operator silence the alert from its row and expire the silence again', async () => {
    const page = await openAs(OPERATOR, 'light')
    await page.getByRole('button', { name: 'Silence…' }).first().click()
    const form = page.locator('[data-testid="silence-form"]')
    expect(
      await form.locator('input[id^="m-name-"]').evaluateAll((els) => els.map((e) => ('value' in e ? String(e.value) : ''))),
    ).toEqual(['alertname', 'app', 'metric'])
    await form.getByPlaceholder('e.g. planned load test tonight').fill('edge licence upgrade tonight')
    await form.getByRole('button', { name: 'Create silence' }).click()
    await waitFor('the silenced flag', async () => (await page.locator('.flag.silenced').count()) === 1)
    expect(await page.locator('[data-testid="silences"] tbody tr').count()).toBe(1)
    await page.screenshot({ path: join(artifacts, 'alerts-page-light.png'), fullPage: true })
    await page.locator('[data-testid="silences"]').getByRole('button', { name: 'Expire' }).click()
    await waitFor('the silence to stop applying', async () => (await page.locator('.flag.silenced').count()) === 0)
    await page.close()
  })

  it('shows a viewer the same alert with acknowledge and silence disabled and the reason', async () => {
    const page = await openAs(VIEWER, 'dark')
    const unack = page.getByRole('button', { name: 'Unacknowledge' })
    expect(await unack.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Silence…' }).first().isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'New silence…' }).isDisabled()).toBe(true)
    expect(await page.getByText('acknowledging and silencing need an operator').count()).toBe(1)
    await page.close()
  })

  it('marks the alert on the application page and its chart', async () => {
    const page = await openAs(VIEWER, 'light')
    await page.goto(`${server.url}/apps/edge`)
    await waitFor('the firing note', async () => (await page.locator('[data-testid="app-alerts"]').count()) === 1)
    expect(await page.locator('[data-testid="app-alerts"]').textContent()).toContain('1 alert firing on this application')
    await waitFor(
      'the marker under the chart',
      async () => (await page.locator('[data-testid="alert-markers"]').count()) === 1,
      30_000,
    )
    expect(await page.locator('[data-testid="alert-markers"]').textContent()).toContain('EdgeSessionsHigh firing')
    await page.screenshot({ path: join(artifacts, 'application-alert-markers.png') })
    await page.close()
  })

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([])
  })
})
