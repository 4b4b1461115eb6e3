// A real redis-server (Debian package redis-server) on a free loopback port
// with its own temp dir and no persistence, for the scale-out tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, serviceBinary, waitFor } from './services.ts'

export const redisBinary = serviceBinary('redis-server', 'redis-server')

export interface RunningRedis {
  url: string
  port: number
  stop(): Promise<void>
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
    socket.once('data', (d) => {
      socket.destroy()
      resolve(d.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
  })
}

export async function startRedis(): Promise<RunningRedis> {
  if (!redisBinary.path) throw new Error('redis-server is not installed')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'headroom-redis-'))
  const child: ChildProcess = spawn(
    redisBinary.path,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  await waitFor(`redis-server on port ${port}`, () => ping(port), 20_000)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
