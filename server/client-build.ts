// `npm start` on a fresh clone builds the web client once, so the README's
// two commands are enough. Rebuilds when a client source is newer than the build.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from './log.ts'

export function clientNeedsBuild(clientDir: string): boolean {
  const index = join(clientDir, 'dist', 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return newestMtime(join(clientDir, 'src')) > built || newestMtime(join(clientDir, 'index.html')) > built
}

export function buildClient(root: string, log: Logger): void {
  log.info('building the web client (first start only; takes a few seconds)')
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('building the web client failed (see the output above); try `npm run build`')
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}
