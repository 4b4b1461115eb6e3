// Signing in with a personal token in Chromium against a server with tokens:
// the page asks for a token, an operator token typed into the form unlocks
// the operator controls, a viewer token leaves them disabled with a reason.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')

describe.skipIf(!chromiumBinary.path)('sign-in with a personal token in Chromium', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    buildClientIfNeeded()
    server = await startServer({
      backfillDays: 0,
      env: { HEADROOM_OPERATOR_TOKEN: 'op-secret', HEADROOM_VIEWER_TOKEN: 'view-secret' },
      token: 'op-secret',
    })
    browser = await launchChromium(chromiumBinary.path ?? '')
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function signInAs(token: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const problems = watchConsole(page)
    await page.goto(`${server.url}/collectors`)
    await page.locator('[data-testid="token-input"]').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await waitFor('the signed-in header', async () => (await page.locator('[data-testid="who"]').count()) === 1)
    return { page, problems }
  }

  it('an operator token typed into the form enables "Run now" and shows who is signed in', async () => {
    const { page } = await signInAs('op-secret')
    expect(await page.locator('[data-testid="who"]').innerText()).toContain('operator')
    const run = page.getByRole('button', { name: 'Run now' }).first()
    await waitFor('Run now to be enabled', async () => await run.isEnabled())
    expect(page.url()).not.toContain('op-secret')
    await page.screenshot({ path: join(artifacts, 'signed-in-operator.png') })
    await page.close()
  })

  it('a viewer token leaves "Run now" disabled with the role it needs', async () => {
    const { page } = await signInAs('view-secret')
    const run = page.getByRole('button', { name: 'Run now' }).first()
    await run.waitFor()
    expect(await run.isDisabled()).toBe(true)
    expect(await run.getAttribute('title')).toContain('Needs the operator role')
    await page.close()
  })
})
