// Real peers (influxd, prometheus, snmpd, chromium...) come from Debian
// packages. A newcomer without them still gets a passing `npm test`: the
// suite is skipped with a loud message naming the package. CI sets
// HEADROOM_REQUIRE_SERVICES=1, which turns every such skip into a failure.
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join } from 'node:path'

export const requireServices = process.env.HEADROOM_REQUIRE_SERVICES === '1'

/** Absolute path of an executable on PATH (or given absolute), or null. */
export function findBinary(name: string): string | null {
  const candidates = name.includes('/')
    ? [name]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin'].map((dir) => join(dir, name))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here; try the next directory
    }
  }
  return null
}

/**
 * Looks for a binary and decides whether its suite runs.
 * Use as: `const influxd = serviceBinary('influxd', 'influxdb'); describe.skipIf(!influxd.path)(...)`.
 * Throws (failing the file) when the binary is missing and HEADROOM_REQUIRE_SERVICES=1.
 */
export function serviceBinary(name: string, debianPackage: string): { path: string | null } {
  const path = findBinary(name)
  if (path) return { path }
  const message =
    `\n*** SKIPPED: '${name}' is not installed, so this suite did not run. ` +
    `Install it with: sudo apt-get install -y ${debianPackage} ***\n`
  if (requireServices) {
    throw new Error(`${message}HEADROOM_REQUIRE_SERVICES=1 turns this skip into a failure.`)
  }
  console.warn(message)
  return { path: null }
}

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('could not read the port the kernel gave'))
        return
      }
      const port = address.port
      server.close(() => resolve(port))
    })
  })
}

/** Polls `probe` until it resolves true or the deadline passes. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  while (Date.now() < deadline) {
    try {
      if (await probe()) return
    } catch (err) {
      lastError = err
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
}
