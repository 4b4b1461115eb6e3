// `npm run bench -- series-1y`: the time to serve a year of a one-minute
// series (525 600 points) as a chart of at most 2 000 points, through the
// real HTTP route (GET /api/series?points=2000) against a temp DuckDB file,
// as a ratio against a raw baseline measured in the same run: the same
// year read point by point from the same store and turned into JSON, which
// is what a chart without rollups would have to fetch. Then again after
// retention has dropped the raw points older than 90 days: the year must
// still be served, whole, from the rollups.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import { estateSchema } from '../server/config/schema.ts'
import { createSeriesRouter } from '../server/http/series.ts'
import { createDuckDbStore } from '../server/store/duckdb.ts'
import type { Point, Store } from '../server/store/types.ts'

const MIN = 60_000
const DAY = 86_400_000
const YEAR_MINUTES = 365 * 24 * 60
const ROUNDS = 9
const RAW_ROUNDS = 3
/** Serving the year from rollups must take at most this share of the raw read. */
const TARGET_RATIO = 0.2

const estate = estateSchema.parse({
  name: 'bench',
  applications: [
    {
      id: 'sm2m',
      name: 'SM2M',
      metrics: [
        {
          id: 'tps',
          name: 'TPS',
          kind: 'throughput',
          unit: 'TPS',
          limits: [{ name: 'licence', value: 400, evidence: { source: 'vendor', date: '2026-01-01' } }],
          leadTimeDays: 30,
        },
      ],
    },
  ],
})

/** A daily cycle, a weekly one and a short spike every day at 11:00: the max must survive bucketing. */
function valueAt(t: number): number {
  const hour = (t / 3_600_000) % 24
  const day = Math.floor(t / DAY)
  return (
    150 +
    80 * Math.sin((hour / 24) * 2 * Math.PI) +
    20 * Math.sin((day / 7) * 2 * Math.PI) +
    (hour >= 11 && hour < 11.1 ? 120 : 0)
  )
}

async function fill(store: Store, end: number): Promise<void> {
  const start = end - YEAR_MINUTES * MIN
  let batch: Point[] = []
  for (let t = start; t < end; t += MIN) {
    batch.push({ app: 'sm2m', metric: 'tps', value: valueAt(t), at: new Date(t) })
    if (batch.length === 20_000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

export async function run(): Promise<{
  name: string
  ok: boolean
  rawPoints: number
  servedPoints: number
  stepHours: number
  servedMs: number
  rawMs: number
  ratio: number
  afterRetentionMs: number
  afterRetentionPoints: number
  fillMs: number
}> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-bench-series-'))
  const store = createDuckDbStore({
    path: join(dir, 'bench.duckdb'),
    retention: { rawDays: 90, hourlyDays: 1096, dailyDays: 3653 },
  })
  const now = Math.floor(Date.now() / MIN) * MIN
  const app = express()
  app.use('/api/series', createSeriesRouter({ store, estate: () => estate }))
  const http = createServer(app)
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const address = http.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = `http://127.0.0.1:${port}/api/series?app=sm2m&metric=tps&from=now-365d&to=now&points=2000`
  try {
    const fillMs = await timeIt(() => fill(store, now))
    const serve = async (): Promise<{ points: number; stepMs: number }> => {
      const res = await fetch(url)
      if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`)
      const body = (await res.json()) as { points: unknown[]; stepMs: number }
      return { points: body.points.length, stepMs: body.stepMs }
    }
    // Raw baseline: every point of the year from the same store, as JSON (what a chart without rollups would fetch).
    const raw = async (): Promise<number> => {
      const buckets = await store.range({
        app: 'sm2m',
        metric: 'tps',
        from: new Date(now - 365 * DAY),
        to: new Date(now),
        stepMs: MIN,
      })
      JSON.stringify(buckets.map((b) => ({ at: b.at.toISOString(), value: b.mean })))
      return buckets.length
    }
    const first = await serve() // brings the rollups up to date after the load; not timed
    // The served side first, then the raw reads: a raw read leaves ~half a million objects for the
    // garbage collector, which would otherwise land in the next served timing. Raw is slow, so 3 rounds.
    const served: number[] = []
    for (let i = 0; i < ROUNDS; i++) served.push(await timeIt(serve))
    let rawPoints = 0
    const baseline: number[] = []
    for (let i = 0; i < RAW_ROUNDS; i++) baseline.push(await timeIt(async () => (rawPoints = await raw())))
    const pruned = await store.prune?.(new Date(now))
    const afterFirst = await serve()
    const after: number[] = []
    for (let i = 0; i < ROUNDS; i++) after.push(await timeIt(serve))
    const ratio = median(served) / median(baseline)
    console.log(
      `1 y of 1-min points (${rawPoints}) served as ${first.points} points of ${first.stepMs / 3_600_000} h: ` +
        `median ${median(served).toFixed(1)} ms vs ${median(baseline).toFixed(1)} ms raw (ratio ${ratio.toFixed(3)}, target ≤ ${TARGET_RATIO}); ` +
        `after retention dropped ${pruned?.points ?? 0} raw points: ${median(after).toFixed(1)} ms, ${afterFirst.points} points`,
    )
    return {
      name: 'series-1y',
      ok: first.points <= 2000 && afterFirst.points === first.points && ratio <= TARGET_RATIO,
      rawPoints,
      servedPoints: first.points,
      stepHours: first.stepMs / 3_600_000,
      servedMs: median(served),
      rawMs: median(baseline),
      ratio,
      afterRetentionMs: median(after),
      afterRetentionPoints: afterFirst.points,
      fillMs,
    }
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()))
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}
