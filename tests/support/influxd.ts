// Starts a real influxd (Debian package `influxdb`, 1.x) for one test file or
// benchmark: its own temp dir for data/meta/wal, HTTP and RPC bound to
// 127.0.0.1 on free ports, nothing else enabled. Never a mock.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, serviceBinary, waitFor } from './services.ts'

export interface RunningInfluxd {
  /** http://127.0.0.1:PORT/headroom_test — the database is created by the store's init(). */
  url: string
  port: number
  /** The influxd process id (for SIGSTOP/SIGCONT in stall tests). */
  pid(): number | null
  /** Freezes influxd (SIGSTOP): connections are accepted by the kernel, nothing answers. */
  pause(): void
  resume(): void
  /** Stops the process but keeps its data (an outage); start() brings it back on the same port. */
  halt(): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

/** Result of serviceBinary('influxd', 'influxdb'): use `describe.skipIf(!influxdBinary.path)`. */
export const influxdBinary = serviceBinary('influxd', 'influxdb')

function configFor(dir: string, httpPort: number, rpcPort: number): string {
  // Every listener except HTTP is off; the RPC (backup/restore) port cannot be
  // turned off, so it goes to loopback on a free port instead of :8088.
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  index-version = "inmem"

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true

[ifql]
  enabled = false

[continuous_queries]
  enabled = true
  log-enabled = false
`
}

export async function startInfluxd(database = 'headroom_test'): Promise<RunningInfluxd> {
  const binary = influxdBinary.path
  if (!binary) throw new Error('influxd is not installed (sudo apt-get install -y influxdb)')
  const dir = mkdtempSync(join(tmpdir(), 'headroom-influxd-'))
  const port = await freePort()
  const rpcPort = await freePort()
  const configPath = join(dir, 'influxdb.conf')
  writeFileSync(configPath, configFor(dir, port, rpcPort))

  // Keep the tail of its output so a failed start says why.
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  let child: ChildProcess | null = null
  let exited: number | null = null

  const launch = async (): Promise<void> => {
    exited = null
    const proc = spawn(binary, ['run', '-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    proc.stdout?.on('data', keep)
    proc.stderr?.on('data', keep)
    proc.on('exit', (code) => {
      exited = code ?? -1
    })
    await waitFor(`influxd on 127.0.0.1:${port}`, async () => {
      if (exited !== null) throw new Error(`influxd exited with code ${exited}: ${output}`)
      const res = await fetch(`http://127.0.0.1:${port}/ping`)
      return res.status === 204
    })
  }

  const halt = async (): Promise<void> => {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGCONT')
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await gone
    clearTimeout(timer)
  }

  // If this process dies without calling stop() (a crash, a killed test run),
  // take influxd with it rather than leave an orphan holding ports and a temp dir.
  const killOnExit = () => {
    child?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit)
    await halt()
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    await launch()
  } catch (err) {
    await stop()
    throw err
  }
  return {
    url: `http://127.0.0.1:${port}/${database}`,
    port,
    pid: () => child?.pid ?? null,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    halt,
    start: launch,
    stop,
  }
}
