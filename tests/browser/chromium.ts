// Shared set-up for browser tests: build client/dist when the sources are
// newer, launch Debian's Chromium headless, and collect console problems
// so every test file can assert "no console errors" the same way.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { clientNeedsBuild } from '../../server/client-build.ts'
import { repoRoot } from '../support/server.ts'

export const artifacts = join(repoRoot, 'tests', 'artifacts')

/** Builds client/dist when it is missing or older than the client sources, so a test never checks a stale build. */
export function buildClientIfNeeded(): void {
  if (!clientNeedsBuild(join(repoRoot, 'client'))) return
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`building the client failed:\n${result.stdout}\n${result.stderr}`)
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Records console errors/warnings and uncaught errors with the page address they happened on. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${page.url()} ${msg.type()}: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`${page.url()} uncaught: ${err.message}`))
  return problems
}
