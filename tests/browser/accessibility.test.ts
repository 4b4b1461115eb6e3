// Every page in a real Chromium, in the dark and the light theme, checked by
// axe-core (its source read from node_modules, never a CDN): no serious or critical
// violation. One server and one page for the whole file; each page waits for
// its data to draw before axe runs, so the check sees what a user sees.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Estate } from '../../server/config/schema.ts'
import { waitForSettledEngine } from '../support/engine-settled.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'
import { artifacts, buildClientIfNeeded, launchChromium, watchConsole } from './chromium.ts'

const chromiumBinary = serviceBinary('chromium', 'chromium')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const themes = ['dark', 'light'] as const
/** The key client/src/composables/use-theme.ts remembers the user's choice under. */
const themeKey = 'headroom-theme'

interface Violation {
  id: string
  impact: string
  help: string
  nodes: number
  targets: string[]
  /** axe's own sentence for the first node, e.g. the two colours and their contrast ratio. */
  detail: string
}

/** Runs in the page: axe over the whole document, only the violations that block or badly hinder a user. */
const runAxe = `axe.run(document, { resultTypes: ['violations'] }).then((r) =>
  r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      detail: v.nodes[0]?.any[0]?.message ?? v.nodes[0]?.all[0]?.message ?? '',
    })),
)`

type Theme = (typeof themes)[number]

/** A page and the selector that shows its data has drawn (not the loading line). */
interface Checked {
  path: string
  ready: string
  /** What a user does first, so axe also sees what that draws (results, expanded rows). */
  act?: (page: Page) => Promise<void>
}

describe.skipIf(!chromiumBinary.path)('accessibility (axe-core) in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let estate: Estate
  let problems: string[] = []
  /** Every page and theme with what axe found there, written to tests/artifacts/axe.json for the record. */
  const report: Record<string, Violation[]> = {}

  beforeAll(async () => {
    buildClientIfNeeded()
    server = await startServer({ backfillDays: 3 })
    estate = (await (await fetch(`${server.url}/api/estate`)).json()) as Estate
    await waitForSettledEngine(server.url)
    browser = await launchChromium(chromiumBinary.path ?? '')
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    problems = watchConsole(page)
    // localStorage belongs to the origin: be on it once before choosing a theme.
    await page.goto(`${server.url}/import`)
  }, 240_000)

  afterAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    writeFileSync(join(artifacts, 'axe.json'), JSON.stringify(report, null, 2))
    await browser?.close()
    await server?.dispose()
  })

  const pages: Checked[] = [
    { path: '/', ready: '[data-testid="tile-value"]' },
    { path: '/apps/sm2m', ready: 'article.metric-card canvas' },
    { path: '/collectors', ready: '[data-testid="collectors-table"]' },
    { path: '/alerts', ready: '[data-testid="alert-list"], [data-testid="no-alerts"]' },
    { path: '/import', ready: 'form.upload' },
    {
      path: '/upgrades',
      ready: '[data-testid="upgrades-summary"]',
      // Unfold the rows with no breach first: they are checked too, and on a day when three days of
      // simulated history forecast no breach at all (the example's weekday shifts daily), every
      // row, and so the first Why button, is in the folded table.
      act: async (p) => {
        const folded = p.getByTestId('upgrades-folded')
        if ((await folded.count()) > 0) await folded.locator('summary').click()
        await p.locator('button.why-button').first().click()
      },
    },
    { path: '/chains', ready: '[data-testid="next-bottleneck"]' },
    { path: '/chains/<first chain>', ready: '[data-testid="next-bottleneck"]' },
    {
      path: '/scenarios',
      ready: 'article.scenario',
      act: async (p) => {
        await p.locator('article.scenario').first().getByRole('button', { name: 'Run' }).click()
        await p.getByTestId('scenario-results').waitFor({ timeout: 60_000 })
      },
    },
    {
      path: '/what-if',
      ready: '.what-if-page .layout',
      act: async (p) => {
        await p.getByTestId('what-if-run').click()
        await p.getByTestId('what-if-results').waitFor({ timeout: 60_000 })
      },
    },
    { path: '/peak-profile', ready: '[data-testid="peak-sentence"]' },
    { path: '/feedback', ready: '.feedback-page h2' },
    { path: '/volumetrics', ready: '[data-testid="volumetrics"]' },
    { path: '/report', ready: '#r-rag' },
  ]

  /** The address to open: the first chain's page is named by the estate, known only once the server runs. */
  const address = (path: string): string => {
    if (path !== '/chains/<first chain>') return server.url + path
    const chain = estate.chains[0]
    if (!chain) throw new Error('the example estate has no chains')
    return `${server.url}/chains/${encodeURIComponent(chain.id)}`
  }

  /** Opens a page in a theme and waits until its data has drawn and the user's first action (if any) is done. */
  async function open(checked: Checked, theme: Theme): Promise<void> {
    await page.evaluate(`localStorage.setItem(${JSON.stringify(themeKey)}, ${JSON.stringify(theme)})`)
    await page.goto(address(checked.path))
    expect(await page.locator('html').getAttribute('data-theme')).toBe(theme)
    await page.locator(checked.ready).first().waitFor({ timeout: 60_000 })
    await settled(checked.path)
    if (checked.act) {
      await checked.act(page)
      await settled(checked.path)
    }
  }

  /** Sections of a page load on their own: wait until none still says it is loading. */
  function settled(path: string): Promise<void> {
    return waitFor(`${path} without a loading line`, async () => {
      const busy = await page.locator('main [role="status"]').allTextContents()
      return busy.every((text) => !/^\s*(Loading|Waiting)/.test(text))
    })
  }

  /** Runs axe on what the page shows now and records it under `where`. */
  async function check(where: string, theme: Theme, found: string[]): Promise<void> {
    // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') rightly refuses an inline <script>.
    if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(axeSource)
    const violations = await page.evaluate<Violation[]>(runAxe)
    report[`${where} ${theme}`] = violations
    for (const v of violations) {
      found.push(`${where} ${theme}: ${v.id} (${v.impact}, ${v.nodes} nodes) ${v.help} at ${v.targets.join(' | ')}: ${v.detail}`)
    }
  }

  it.each(pages.map((p) => [p.path, p] as const))(
    '%s has no serious or critical axe violation in either theme',
    async (path, checked) => {
      const found: string[] = []
      for (const theme of themes) {
        await open(checked, theme)
        await check(path, theme, found)
      }
      expect(found, `${path}: ${found.length} serious or critical`).toEqual([])
    },
    180_000,
  )

  it('/wall has no serious or critical axe violation in any of its views in either theme', async () => {
    const found: string[] = []
    const view = (): Promise<string | null> => page.getByTestId('wall-view').getAttribute('data-view')
    for (const theme of themes) {
      // Exceptions off: every view is in the cycle, not only the alerts and tiles.
      await open({ path: '/wall?exceptions=off', ready: '[data-testid="wall-view"]' }, theme)
      // Paused, the arrow keys step through the views one by one until the first comes round again.
      await page.keyboard.press('Space')
      await page.locator('[data-testid="rotation-indicator"][data-paused="true"]').waitFor()
      const seen: string[] = []
      for (let current = await view(); current !== null && !seen.includes(current);) {
        seen.push(current)
        await check(`/wall ${current}`, theme, found)
        await page.keyboard.press('ArrowRight')
        const before = current
        await waitFor('the next wall view', async () => (await view()) !== before)
        current = await view()
      }
      expect(seen.length).toBeGreaterThan(3)
    }
    expect(found, `/wall: ${found.length} serious or critical`).toEqual([])
  }, 180_000)

  it('logs no console errors while the pages are checked', () => {
    expect(problems).toEqual([])
  })
})
