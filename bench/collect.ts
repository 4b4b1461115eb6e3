// Collection benchmark: 200 http-json collectors × 50 series each on 10 s
// schedules, through the real scheduler (node-cron ticks, timeouts, health,
// the plugin's fetch + JSONPath mapping), against a node:http endpoint on
// 127.0.0.1 serving 50 values. Baseline in the same run: a plain loop that
// does the same 200 fetches every 10 s and builds the same 50 samples by
// direct property access. Prints per-run wall time and CPU for both, the
// scheduler's overhead per run, samples/s sustained and the ratios.
// Bounded: HEADROOM_BENCH_COLLECT_SECONDS (default 35) per phase.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createScheduler } from '../collectors/scheduler.ts'
import type { Sample } from '../collectors/types.ts'
import { estateSchema, type CollectorEntry } from '../server/config/schema.ts'

const COLLECTORS = 200
const SERIES = 50
const PERIOD_MS = 10_000
const SECONDS = Math.min(120, Math.max(12, Number(process.env.HEADROOM_BENCH_COLLECT_SECONDS ?? 35)))

const estate = estateSchema.parse({
  name: 'bench',
  applications: [
    {
      id: 'bench',
      name: 'Bench',
      metrics: [
        {
          id: 'm',
          name: 'M',
          kind: 'throughput',
          unit: '/s',
          leadTimeDays: 1,
          limits: [{ name: 'l', value: 1, evidence: { source: 'vendor', date: '2025-01-01' } }],
        },
      ],
    },
  ],
})

interface Endpoint {
  server: Server
  url: string
  requests: number
  /** Time the handler spent building and sending bodies (the endpoint's own time). */
  handlerMs: number
}

async function startEndpoint(): Promise<Endpoint> {
  const ep: Endpoint = { server: createServer(), url: '', requests: 0, handlerMs: 0 }
  let tick = 0
  ep.server.on('request', (_req, res) => {
    const t0 = performance.now()
    tick++
    const body: Record<string, number> = {}
    for (let i = 0; i < SERIES; i++) body[`m${i}`] = (tick * 7 + i * 13) % 1000
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    ep.requests++
    ep.handlerMs += performance.now() - t0
  })
  await new Promise<void>((resolve) => ep.server.listen(0, '127.0.0.1', resolve))
  ep.url = `http://127.0.0.1:${(ep.server.address() as AddressInfo).port}/values`
  return ep
}

function entries(url: string): CollectorEntry[] {
  const fields = Array.from({ length: SERIES }, (_, i) => ({
    value: `$.m${i}`,
    app: 'bench',
    metric: 'm',
    tags: { series: `s${i}` },
  }))
  return Array.from({ length: COLLECTORS }, (_, c) => ({
    id: `bench-${c}`,
    type: 'http-json',
    schedule: '*/10 * * * * *',
    timeout: '5s',
    enabled: true,
    config: { endpoints: [{ url: `${url}?c=${c}`, fields }] },
  }))
}

interface Phase {
  runs: number
  samples: number
  meanRunMs: number
  cpuMsPerRun: number
  samplesPerSec: number
}

/** The floor: same fetches, same cadence, samples built by hand. */
async function rawBaseline(url: string): Promise<Phase> {
  const durations: number[] = []
  let samples = 0
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  const bursts = Math.max(1, Math.floor((SECONDS * 1000) / PERIOD_MS))
  for (let b = 0; b < bursts; b++) {
    const burstAt = started + b * PERIOD_MS
    await new Promise((r) => setTimeout(r, Math.max(0, burstAt - performance.now())))
    await Promise.all(
      Array.from({ length: COLLECTORS }, async (_, c) => {
        const t0 = performance.now()
        const res = await fetch(`${url}?c=${c}`, { signal: AbortSignal.timeout(5000) })
        const body = (await res.json()) as Record<string, number>
        const at = new Date()
        const out: Sample[] = []
        for (let i = 0; i < SERIES; i++)
          out.push({ app: 'bench', metric: 'm', value: body[`m${i}`] ?? NaN, at, tags: { series: `s${i}` } })
        samples += out.length
        durations.push(performance.now() - t0)
      }),
    )
  }
  const cpu = process.cpuUsage(cpu0)
  const elapsed = bursts * PERIOD_MS
  return summarise(durations, samples, cpu, elapsed)
}

async function throughScheduler(url: string): Promise<Phase> {
  let samples = 0
  const durations: number[] = []
  let firstAt: number | null = null
  let lastAt = 0
  const scheduler = createScheduler({
    entries: entries(url),
    estate,
    log: pino({ level: 'silent' }),
    sink: (batch) => {
      samples += batch.length
    },
    onHealth: (h) => {
      if (h.state === 'running') {
        firstAt ??= performance.now()
        return
      }
      if (h.lastDurationMs !== null && (h.state === 'ok' || h.state === 'failing' || h.state === 'backoff')) {
        durations.push(h.lastDurationMs)
        lastAt = performance.now()
      }
    },
  })
  const cpu0 = process.cpuUsage()
  scheduler.start()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  await scheduler.stop()
  const cpu = process.cpuUsage(cpu0)
  const failed = scheduler.health().filter((h) => h.errorCount > 0)
  if (failed.length > 0) throw new Error(`${failed.length} collectors failed, e.g. ${failed[0]?.lastError?.message ?? '?'}`)
  // Cadence-bound rate: samples over the span of whole 10 s periods that ran.
  const periods = Math.max(1, Math.round((lastAt - (firstAt ?? lastAt)) / PERIOD_MS) + 1)
  return summarise(durations, samples, cpu, periods * PERIOD_MS)
}

function summarise(durations: number[], samples: number, cpu: NodeJS.CpuUsage, elapsedMs: number): Phase {
  const runs = durations.length
  return {
    runs,
    samples,
    meanRunMs: runs ? durations.reduce((a, b) => a + b, 0) / runs : 0,
    cpuMsPerRun: runs ? (cpu.user + cpu.system) / 1000 / runs : 0,
    samplesPerSec: samples / (elapsedMs / 1000),
  }
}

export async function run(): Promise<Record<string, number | string | boolean>[]> {
  const ep = await startEndpoint()
  try {
    console.log(`${COLLECTORS} collectors × ${SERIES} series every ${PERIOD_MS / 1000} s, ${SECONDS} s per phase`)
    const raw = await rawBaseline(ep.url)
    const rawEndpointMs = ep.handlerMs / Math.max(1, ep.requests)
    ep.requests = 0
    ep.handlerMs = 0
    const sched = await throughScheduler(ep.url)
    const endpointMs = ep.handlerMs / Math.max(1, ep.requests)
    const overheadMs = sched.meanRunMs - raw.meanRunMs
    const rows: Record<string, number | string | boolean>[] = [
      {
        name: 'collect raw loop',
        runs: raw.runs,
        samplesPerSec: raw.samplesPerSec,
        meanRunMs: raw.meanRunMs,
        cpuMsPerRun: raw.cpuMsPerRun,
        endpointMsPerRequest: rawEndpointMs,
      },
      {
        name: 'collect scheduler',
        runs: sched.runs,
        samplesPerSec: sched.samplesPerSec,
        meanRunMs: sched.meanRunMs,
        cpuMsPerRun: sched.cpuMsPerRun,
        endpointMsPerRequest: endpointMs,
      },
      {
        name: 'collect overhead',
        wallMsPerRun: overheadMs,
        wallMsPerRunExEndpoint: sched.meanRunMs - endpointMs,
        cpuMsPerRun: sched.cpuMsPerRun - raw.cpuMsPerRun,
        samplesPerSecRatio: raw.samplesPerSec > 0 ? sched.samplesPerSec / raw.samplesPerSec : 0,
        cpuRatio: raw.cpuMsPerRun > 0 ? sched.cpuMsPerRun / raw.cpuMsPerRun : 0,
        // Every run must have delivered all its series: a scheduler that drops runs would look cheap.
        ok: sched.runs > 0 && sched.samples === sched.runs * SERIES,
      },
    ]
    for (const r of rows) console.log(JSON.stringify(r))
    return rows
  } finally {
    await new Promise<void>((resolve) => ep.server.close(() => resolve()))
  }
}
