// Starts the real Headroom server (`node scripts/headroom.mjs serve`) on a
// loopback port with its own temp data dir, for browser and end-to-end
// tests. stop() and restart() keep the port and data dir, so a test can
// play "the server went away and came back".
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './services.ts'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface StartServerOptions {
  /** Default: a free port from the kernel. */
  port?: number
  /** Default: a new temp dir, removed by dispose(). */
  dataDir?: string
  /** HEADROOM_BACKFILL_DAYS; default 3 to keep tests quick. */
  backfillDays?: number
  /** Extra environment (tokens, HEADROOM_CONFIG_DIR...). */
  env?: Record<string, string>
  /** Token for the readiness probe when the server has tokens configured. */
  token?: string
  /** How long to wait for /api/health. Default 60 s (2-core CI, DuckDB start). */
  startTimeoutMs?: number
}

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  /** Stops the process (SIGTERM, SIGKILL after 10 s). Safe to call twice. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Stops if running, then starts again on the same port and data dir. */
  restart(): Promise<void>
  /** stop() and remove the data dir if this helper made it. */
  dispose(): Promise<void>
  /** The last lines the server printed, for failure messages. */
  output(): string
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort())
  const ownDataDir = opts.dataDir === undefined
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'headroom-test-'))
  const url = `http://127.0.0.1:${port}`
  const lines: string[] = []
  let child: ChildProcess | null = null

  const env: NodeJS.ProcessEnv = {}
  // The developer's own tokens or port must not leak into the test server.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('HEADROOM_')) env[key] = value
  Object.assign(env, {
    HEADROOM_PORT: String(port),
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: dataDir,
    HEADROOM_BACKFILL_DAYS: String(opts.backfillDays ?? 3),
    ...opts.env,
  })

  const remember = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  const output = (): string => lines.slice(-40).join('\n')

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['scripts/headroom.mjs', 'serve'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    proc.stdout?.on('data', remember)
    proc.stderr?.on('data', remember)
    let exited: string | null = null
    proc.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`
    })
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000)
    const headers: Record<string, string> = opts.token ? { Authorization: `Bearer ${opts.token}` } : {}
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the Headroom server ${exited} before ${url}/api/health answered:\n${output()}`)
      try {
        const res = await fetch(`${url}/api/health`, { headers })
        if (res.ok) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    await stop('SIGKILL')
    throw new Error(`timed out waiting for ${url}/api/health:\n${output()}`)
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const gone = new Promise<void>((r) => proc.once('exit', () => r()))
    proc.kill(signal)
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await gone
    clearTimeout(timer)
  }

  await start()
  return {
    url,
    port,
    dataDir,
    stop,
    async restart() {
      await stop()
      await start()
    },
    async dispose() {
      await stop()
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
    output,
  }
}
