// Starts a real Alertmanager (Debian package `prometheus-alertmanager`) for
// one test file: its own temp data dir and config, the web API on a free
// 127.0.0.1 port, clustering off. stop() and start() keep port and data, so
// a test can take it away and bring it back.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, serviceBinary, waitFor } from './services.ts'

/** Use as `describe.skipIf(!alertmanagerBinary.path)`. */
export const alertmanagerBinary = serviceBinary('prometheus-alertmanager', 'prometheus-alertmanager')

export interface GettableAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  generatorURL?: string
  status: { state: string }
}

export interface RunningAlertmanager {
  url: string
  port: number
  /** GET /api/v2/alerts: the alerts Alertmanager holds as active (resolved ones are left out). */
  alerts(): Promise<GettableAlert[]>
  stop(): Promise<void>
  start(): Promise<void>
  dispose(): Promise<void>
}

const CONFIG = `route:
  receiver: blackhole
  group_wait: 1s
  group_interval: 1s
receivers:
  - name: blackhole
`

export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const binary = alertmanagerBinary.path
  if (!binary) throw new Error('prometheus-alertmanager is not installed (sudo apt-get install -y prometheus-alertmanager)')
  const dir = mkdtempSync(join(tmpdir(), 'headroom-alertmanager-'))
  const configPath = join(dir, 'alertmanager.yml')
  writeFileSync(configPath, CONFIG)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  let output = ''

  async function start(): Promise<void> {
    const proc = spawn(
      binary as string,
      [
        `--config.file=${configPath}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = proc
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000)
    }
    proc.stdout?.on('data', keep)
    proc.stderr?.on('data', keep)
    await waitFor(`alertmanager on ${url}`, async () => {
      if (proc.exitCode !== null) throw new Error(`alertmanager exited with ${proc.exitCode}: ${output}`)
      return (await fetch(`${url}/-/ready`)).ok
    })
  }

  async function stop(): Promise<void> {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null) return
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await gone
    clearTimeout(timer)
  }

  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)
  await start()
  return {
    url,
    port,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`)
      if (!res.ok) throw new Error(`GET /api/v2/alerts answered ${res.status}`)
      return (await res.json()) as GettableAlert[]
    },
    stop,
    start,
    async dispose() {
      process.removeListener('exit', killOnExit)
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
