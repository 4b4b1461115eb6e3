// Helpers for bench/scale.ts: a scale estate with history already in its
// store, a real `headroom serve` child process on a loopback port, its
// /api/health, and its RSS sampled from /proc. No run() export, so
// bench/run.ts skips this module.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pino } from 'pino'
import { createScheduler } from '../collectors/scheduler.ts'
import { loadConfig } from '../server/config/load.ts'
import { createDuckDbStore } from '../server/store/duckdb.ts'
import { freePort, waitFor } from '../tests/support/services.ts'

const ROOT = join(import.meta.dirname, '..')

/** History written straight into the estate's store with the simulator's own backfill (hourly points). */
export async function prefill(configDir: string, dataDir: string, days: number): Promise<{ samples: number; ms: number }> {
  const t0 = performance.now()
  const config = await loadConfig(configDir)
  const store = createDuckDbStore({ path: join(dataDir, 'headroom.duckdb') })
  await store.init()
  const entries = config.collectors.collectors
    .filter((e) => e.type === 'simulator')
    .map((e) => ({ ...e, config: { ...(e.config as object), backfillStepMinutes: 60 } }))
  const scheduler = createScheduler({
    entries,
    estate: config.estate,
    log: pino({ level: 'silent' }),
    sink: (samples) => store.write(samples),
  })
  const now = Date.now()
  const samples = await scheduler.backfill(new Date(now - days * 86_400_000), new Date(now - 60_000))
  await scheduler.stop()
  // Left as a running server leaves its store: its engine passes keep the rollups current, so the
  // cold start measured next is a restart, not the first read after a bulk import (one read of
  // an hour brings every rollup up to date; the catch-up alone is timed and printed here).
  const hour = Math.floor(now / 3_600_000) * 3_600_000
  const r0 = performance.now()
  await store.aggregate({ from: new Date(hour - 3_600_000), to: new Date(hour), stepMs: 3_600_000 })
  console.log(`scale: rollups of the prefilled store brought up to date in ${((performance.now() - r0) / 1000).toFixed(1)} s`)
  await store.close()
  return { samples, ms: performance.now() - t0 }
}

export interface Health {
  backfill: { state: string; done: number; total: number }
  live?: { seq: number }
  engine?: { metrics: number; pending: number; fitsOutstanding: number; lastPassMs: number | null } | null
  eventLoop?: { maxMs60s: number; p99Ms60s: number; maxMsSinceStart: number }
}

export interface RunningHeadroom {
  url: string
  pid: number
  startedAt: number
  health(): Promise<Health>
  /** Largest RSS seen so far (MB), sampled every 250 ms; reset() starts a new window. */
  rss: { max(): number; reset(): void; now(): number }
  stop(): Promise<void>
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

export async function startHeadroom(
  configDir: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RunningHeadroom> {
  const port = await freePort()
  const startedAt = performance.now()
  // HEADROOM_BENCH_NODE_FLAGS: node flags for the server only (say `--cpu-prof --cpu-prof-dir=DIR`, which
  // NODE_OPTIONS refuses), to profile the server of a scale run.
  const flags = (process.env.HEADROOM_BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '')
  const child: ChildProcess = spawn(process.execPath, [...flags, join(ROOT, 'scripts', 'headroom.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HEADROOM_CONFIG_DIR: configDir,
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_PORT: String(port),
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_BACKFILL_DAYS: '0',
      HEADROOM_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const pid = child.pid as number
  let max = 0
  let last = 0
  const sampler = setInterval(() => {
    last = rssMb(pid)
    max = Math.max(max, last)
  }, 250)
  const url = `http://127.0.0.1:${port}`
  // A GET is safe to repeat: undici reuses a kept-alive connection, and one the server closes at its
  // keep-alive timeout just as the next request goes out fails as "fetch failed" (a busy 10 000-metric
  // server made that race likely enough to lose a whole phase of the bench).
  const health = async (): Promise<Health> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await (await fetch(`${url}/api/health`)).json()) as Health
      } catch (err) {
        if (attempt >= 3) throw err
        console.log(
          `scale: GET /api/health failed (${err instanceof Error ? `${err.message}: ${String(err.cause)}` : String(err)}); retrying`,
        )
      }
    }
  }
  await waitFor('headroom to listen', async () => (await fetch(`${url}/api/health`)).ok, 120_000)
  return {
    url,
    pid,
    startedAt,
    health,
    rss: { max: () => max, reset: () => void (max = last), now: () => last },
    async stop() {
      clearInterval(sampler)
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}
