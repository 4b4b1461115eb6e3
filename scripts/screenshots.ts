// Screenshots of every page for the README, taken from a running dashboard
// the way a user sees it, in Debian's Chromium (never a downloaded browser):
//
//   npm start &                      # or any server; a token in HEADROOM_TOKEN if it needs one
//   node scripts/headroom-ts.mjs scripts/screenshots.ts http://127.0.0.1:8080 client/screenshots
//
// Each page is opened, given time to draw its live data, and saved as
// <name>.png (and <name>-light.png for the light theme where listed). Console
// errors and failed requests are printed and make the script exit 1, so a
// run doubles as a click-through check of every page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'

interface Shot {
  name: string
  path: string
  /** Text that must be on the page before the shot (the data has arrived). */
  waitFor: string
  light?: boolean
}

const SHOTS: Shot[] = [
  { name: 'overview', path: '/', waitFor: 'Overview', light: true },
  { name: 'application', path: '/apps/sm2m', waitFor: 'points, one per' },
  { name: 'wall', path: '/wall', waitFor: 'collectors' },
  { name: 'upgrades', path: '/upgrades', waitFor: 'Upgrade priority' },
  { name: 'chains', path: '/chains', waitFor: 'Chains' },
  { name: 'what-if', path: '/what-if', waitFor: 'What-if' },
  { name: 'alerts', path: '/alerts', waitFor: 'Alerts' },
  { name: 'report', path: '/report', waitFor: 'Capacity report' },
  { name: 'feedback', path: '/feedback', waitFor: 'Feedback' },
]

const [base = 'http://127.0.0.1:8080', out = 'client/screenshots'] = process.argv.slice(3)
const token = process.env.HEADROOM_TOKEN ?? ''

async function shoot(page: Page, shot: Shot, theme: 'dark' | 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  const sep = shot.path.includes('?') ? '&' : '?'
  await page.goto(`${base}${shot.path}${token ? `${sep}token=${encodeURIComponent(token)}` : ''}`)
  await page.getByText(shot.waitFor, { exact: false }).first().waitFor({ timeout: 30_000 })
  // Charts animate off and data arrives over the socket: let one push land.
  await page.waitForTimeout(2500)
  const file = join(out, theme === 'dark' ? `${shot.name}.png` : `${shot.name}-light.png`)
  await page.screenshot({ path: file })
  console.log(`saved ${file}`)
}

mkdirSync(out, { recursive: true })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
})
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
const problems: string[] = []
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`${page.url()}: console error: ${m.text()}`)
})
page.on('pageerror', (e) => problems.push(`${page.url()}: uncaught: ${e.message}`))
page.on('requestfailed', (r) => problems.push(`${page.url()}: request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
for (const shot of SHOTS) {
  try {
    await shoot(page, shot, 'dark')
    if (shot.light) await shoot(page, shot, 'light')
  } catch (err) {
    problems.push(`${shot.path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
  }
}
await browser.close()
for (const p of problems) console.error(p)
process.exit(problems.length > 0 ? 1 : 0)
