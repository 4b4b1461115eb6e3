// Ingest benchmark: the same deterministic points written to a real influxd
// (a) as raw line-protocol POSTs with plain fetch — the floor any client can
// reach — and (b) through the write pipeline + InfluxDB store as the server
// runs it, disk spool included (every point appended to a segment file
// before it is accepted, deleted once stored), both with 5000-point batches.
// Prints points/s and the ratio pipeline/raw (target >= 0.8), then the
// pipeline into a DuckDB file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sample } from '../collectors/types.ts'
import { createWritePipeline } from '../server/ingest/pipeline.ts'
import { createDuckDbStore } from '../server/store/duckdb.ts'
import { createInfluxStore } from '../server/store/influx.ts'
import type { Store } from '../server/store/types.ts'
import { startInfluxd } from '../tests/support/influxd.ts'

const POINTS = Math.min(2_000_000, Math.max(10_000, Number(process.env.HEADROOM_BENCH_POINTS ?? 500_000)))
const BATCH = 5000
const ROUNDS = 5
const TARGET_RATIO = 0.8
/** The pipeline's default is 2 (see pipeline.ts); HEADROOM_BENCH_IN_FLIGHT=1 measures the strictly sequential variant. */
const IN_FLIGHT = Math.min(4, Math.max(1, Number(process.env.HEADROOM_BENCH_IN_FLIGHT ?? 2)))
/** The server's default spool policy (fdatasync at most 1 s after an append); 0 = every push; 'off' = no spool. */
const SPOOL = process.env.HEADROOM_BENCH_SPOOL ?? '1000'
let spoolRoot = ''
let spoolRun = 0
const DAY = 86_400_000

/** 100 series (10 apps × 5 metrics × 2 sites), one point a minute each, ending yesterday (inside retention). */
function generate(n: number): Sample[] {
  const start = Math.floor(Date.now() / DAY) * DAY - DAY - Math.ceil(n / 100) * 60_000
  let seed = 42
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  const out: Sample[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const s = i % 100
    out[i] = {
      app: `app-${s % 10}`,
      metric: `metric-${Math.floor(s / 10) % 5}`,
      value: Math.round(next() * 1e6) / 100,
      at: new Date(start + Math.floor(i / 100) * 60_000),
      tags: { site: s < 50 ? 'north' : 'south' },
    }
  }
  return out
}

/** The hand-rolled baseline: our data needs no escaping, which only flatters the baseline. */
async function writeRaw(port: number, db: string, points: Sample[]): Promise<void> {
  const url = `http://127.0.0.1:${port}/write?db=${db}&rp=headroom_rp&precision=ms`
  for (let i = 0; i < points.length; i += BATCH) {
    let body = ''
    for (const p of points.slice(i, i + BATCH)) {
      body += `capacity,app=${p.app},metric=${p.metric},site=${p.tags?.site} value=${p.value} ${p.at.getTime()}\n`
    }
    const res = await fetch(url, { method: 'POST', body })
    if (res.status !== 204) throw new Error(`raw write got ${res.status}: ${await res.text()}`)
  }
}

async function writePipeline(store: Store, points: Sample[]): Promise<void> {
  const spool = SPOOL === 'off' ? null : { dir: join(spoolRoot, `spool-${spoolRun++}`), fsyncIntervalMs: Number(SPOOL) }
  const pipeline = createWritePipeline({ store, batchSize: BATCH, maxInFlight: IN_FLIGHT, spool })
  // pushBulk: the backfill/import path, which waits for room instead of dropping.
  await pipeline.pushBulk(points)
  await pipeline.close()
  const s = pipeline.stats()
  if (s.written !== points.length) throw new Error(`pipeline wrote ${s.written} of ${points.length}: ${s.lastError}`)
}

async function countIn(store: Store, points: Sample[]): Promise<number> {
  let total = 0
  const first = points[0]?.at ?? new Date()
  const last = points.at(-1)?.at ?? new Date()
  // range() merges the tagged series of one app/metric, so count each pair once.
  const pairs = new Map((await store.listSeries()).map((k) => [`${k.app}/${k.metric}`, k]))
  for (const { app, metric } of pairs.values()) {
    const [b] = await store.range({ app, metric, from: first, to: new Date(last.getTime() + 1), stepMs: 400 * DAY })
    total += b?.count ?? 0
  }
  return total
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

const rate = (ms: number) => Math.round(POINTS / (ms / 1000))

export async function run() {
  const points = generate(POINTS)
  const influxd = await startInfluxd()
  const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-'))
  spoolRoot = dir
  try {
    const store = (db: string) => createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/${db}` })
    // Warm influxd (first shard creation) and both code paths (JIT) so neither side pays for it in round 1.
    const warm = store('warmup')
    await warm.init()
    await writeRaw(influxd.port, 'warmup', points.slice(0, 50_000))
    await writePipeline(warm, points.slice(0, 50_000))

    // Rounds pair the two back to back (order swapped each round) into fresh
    // databases; the ratio is the median of the per-round ratios, so load from
    // other processes on a shared machine hits both sides of each pair alike.
    const rawMs: number[] = []
    const pipeMs: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const rawStore = store(`raw_${r}`)
      const pipeStore = store(`pipeline_${r}`)
      await rawStore.init()
      await pipeStore.init()
      const runRaw = async () => rawMs.push(await timed(() => writeRaw(influxd.port, `raw_${r}`, points)))
      const runPipe = async () => pipeMs.push(await timed(() => writePipeline(pipeStore, points)))
      if (r % 2 === 0) {
        await runRaw()
        await runPipe()
      } else {
        await runPipe()
        await runRaw()
      }
      if (r === 0) {
        const [rawCount, pipeCount] = [await countIn(rawStore, points), await countIn(pipeStore, points)]
        if (rawCount !== POINTS || pipeCount !== POINTS) {
          throw new Error(`stored counts differ from ${POINTS}: raw ${rawCount}, pipeline ${pipeCount}`)
        }
      }
    }
    const raw = rate(Math.min(...rawMs))
    const pipeline = rate(Math.min(...pipeMs))
    const ratios = rawMs.map((ms, r) => ms / (pipeMs[r] as number)).sort((a, b) => a - b)
    const ratio = Math.round((ratios[Math.floor(ratios.length / 2)] as number) * 100) / 100

    const duck = createDuckDbStore({ path: join(dir, 'bench.duckdb') })
    await duck.init()
    const duckMs = await timed(() => writePipeline(duck, points))
    const duckCount = await countIn(duck, points)
    await duck.close()
    if (duckCount !== POINTS) throw new Error(`DuckDB holds ${duckCount} of ${POINTS} points`)

    const result = {
      name: 'ingest',
      points: POINTS,
      batch: BATCH,
      inFlight: IN_FLIGHT,
      spool: SPOOL === 'off' ? 'off' : `fsync ${SPOOL} ms`,
      influxRawPerSec: raw,
      influxPipelinePerSec: pipeline,
      ratio,
      target: TARGET_RATIO,
      ok: ratio >= TARGET_RATIO,
      duckdbPipelinePerSec: rate(duckMs),
    }
    console.log(
      `ingest: ${POINTS} points, batch ${BATCH}, pipeline batches in flight ${IN_FLIGHT} (raw: 1), spool ${SPOOL === 'off' ? 'off' : `on (fdatasync ${SPOOL === '0' ? 'every push' : `within ${SPOOL} ms`})`}\n` +
        `  influx raw fetch      ${raw.toLocaleString('en')} points/s\n` +
        `  influx via pipeline   ${pipeline.toLocaleString('en')} points/s\n` +
        `  ratio pipeline/raw    ${ratio} (median of ${ROUNDS} paired rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')}; target >= ${TARGET_RATIO}) ${result.ok ? 'OK' : 'BELOW TARGET'}\n` +
        `  duckdb via pipeline   ${rate(duckMs).toLocaleString('en')} points/s`,
    )
    return result
  } finally {
    await influxd.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
