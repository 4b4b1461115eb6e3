// `npm run bench -- scale`: the issue-12 table at 1 000 and 10 000 metrics
// (HEADROOM_BENCH_SCALE=1000,10000 to choose). For each size: generate the
// estate (`headroom example`), write its history into the store, then run
// the real server as a child process and measure, in the same run, against
// raw baselines: cold start to the first complete snapshot and to every
// metric on its back-tested model; engine passes; RSS steady and during a
// backfill; the event loop's worst delay; GET /api/health p99 with 1 000
// sockets connected; a delta's delivery to 1 000 clients against bare
// socket.io sending the same delta; gzip on the wall's JS. The table is
// printed and written into bench/README.md.
import { get } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeExample } from '../server/cli/example.ts'
import { bareDelivery, connectClients, probeFromOwnProcess, quantile } from './scale-sockets.ts'
import { prefill, startHeadroom, type RunningHeadroom } from './scale-server.ts'

const ROOT = join(import.meta.dirname, '..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Row {
  what: string
  target: string
  figure: string
  ok: boolean | null
}

async function until<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs: number,
): Promise<{ value: T | null; ms: number }> {
  const t0 = performance.now()
  while (performance.now() - t0 < timeoutMs) {
    const v = await probe().catch(() => null)
    if (v !== null) return { value: v, ms: performance.now() - t0 }
    await sleep(200)
  }
  console.log(`scale: gave up waiting for ${what} after ${timeoutMs} ms`)
  return { value: null, ms: Number.NaN }
}

async function coldStart(h: RunningHeadroom, metrics: number, rows: Row[], firstTarget: number): Promise<void> {
  const first = await until('the first complete snapshot', async () => ((await h.health()).engine ? true : null), 120_000)
  const sinceSpawn = performance.now() - h.startedAt
  rows.push({
    what: 'cold start → first complete snapshot (every metric with a forecast, provisional ones labelled)',
    target: `≤ ${firstTarget / 1000} s`,
    figure: `${(sinceSpawn / 1000).toFixed(1)} s from spawn (process + tsx start ${((sinceSpawn - first.ms) / 1000).toFixed(1)} s, then ${(first.ms / 1000).toFixed(1)} s)`,
    ok: first.ms <= firstTarget,
  })
  const settled = await until(
    'every metric on its back-tested model',
    async () => {
      const e = (await h.health()).engine
      return e && e.pending === 0 && e.fitsOutstanding === 0 ? true : null
    },
    metrics > 2000 ? 900_000 : 300_000,
  )
  const converge = performance.now() - h.startedAt
  rows.push({
    what: 'every metric on its chosen, back-tested model',
    target: metrics <= 1000 ? '≤ 120 s (issue 8)' : '—',
    figure: Number.isNaN(settled.ms) ? 'not reached' : `${(converge / 1000).toFixed(0)} s from spawn`,
    ok: metrics <= 1000 ? converge <= 120_000 : null,
  })
}

async function steady(h: RunningHeadroom, metrics: number, rows: Row[]): Promise<void> {
  h.rss.reset()
  const clients = await connectClients(h.url, 1000, true)
  const passes: number[] = []
  const windowMs = 45_000
  const window = Date.now() + windowMs
  clients.takeLags()
  clients.takePlanPushes()
  const probed = probeFromOwnProcess(`${h.url}/api/health`, windowMs)
  while (Date.now() < window) {
    const e = (await h.health()).engine
    if (e?.lastPassMs) passes.push(e.lastPassMs)
    await sleep(500)
  }
  const health = await probed
  const plans = clients.takePlanPushes()
  // Like for like: the baseline sends the same deltas the clients got last, and only those deltas'
  // lags are compared (a small last delta against every big one of the window favoured the baseline).
  const recent = clients.recentDeltas(3)
  const loop = (await h.health()).eventLoop
  rows.push({
    what: 'GET /api/health p99 with 1 000 sockets watching (probed from a process of its own)',
    target: '≤ 20 ms',
    figure: `${quantile(health, 0.99).toFixed(1)} ms (p50 ${quantile(health, 0.5).toFixed(1)}, ${health.length} requests)`,
    ok: quantile(health, 0.99) <= 20,
  })
  rows.push({
    what: 'engine pass on new data (steady, live samples flowing)',
    target: '≤ 2 s',
    figure: `${Math.max(...passes, 0)} ms worst of ${new Set(passes).size} passes`,
    ok: Math.max(...passes, 0) <= 2000,
  })
  rows.push({
    what: 'event loop worst delay, steady window with 1 000 sockets',
    target: '≤ 50 ms',
    figure: `${loop?.maxMs60s ?? '?'} ms (since start, cold start included: ${loop?.maxMsSinceStart ?? '?'} ms)`,
    ok: (loop?.maxMs60s ?? Infinity) <= 50,
  })
  rows.push({
    what: 'RSS steady (1 000 sockets connected)',
    target: '≤ 1 GB',
    figure: `${h.rss.max().toFixed(0)} MB`,
    ok: h.rss.max() <= 1024,
  })
  const kB = (n: number) => (n / 1024).toFixed(1)
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  rows.push({
    what: `upgrade plan pushes to each socket in the ${windowMs / 1000} s window (what changed since the last, views/plan-feed.ts)`,
    target: 'measured',
    figure: `${plans.length} pushes, ${kB(sum(plans.map((p) => p.jsonBytes)))} kB of JSON, ${kB(sum(plans.map((p) => p.wireBytes)))} kB gzipped on the wire (largest ${kB(Math.max(0, ...plans.map((p) => p.jsonBytes)))} kB)`,
    ok: null,
  })
  clients.close()
  const lags = recent.flatMap((d) => d.lags)
  if (recent.length === 0 || lags.length === 0) {
    rows.push({
      what: 'delta to 1 000 clients vs bare socket.io',
      target: 'p99 ≤ 1.5×',
      figure: 'no delta arrived in the window',
      ok: false,
    })
    return
  }
  const payloads = recent.map((d) => d.payload)
  const sizes = recent.map((d) => kB(Buffer.byteLength(JSON.stringify(d.payload)))).join(', ')
  const wire = recent.map((d) => kB(d.wireBytes)).join(', ')
  const bare = await bareDelivery(payloads, 1000, 0)
  const ratio99 = quantile(lags, 0.99) / quantile(bare, 0.99)
  rows.push({
    what: `a changed value reaching 1 000 clients (the window's last ${recent.length} tiles deltas, ${sizes} kB of JSON, ${wire} kB gzipped on the wire; bare socket.io sends the same deltas as JSON)`,
    target: 'p99 ≤ 1.5× bare socket.io',
    figure: `p50 ${quantile(lags, 0.5)} / p99 ${quantile(lags, 0.99)} ms; bare ${quantile(bare, 0.5)} / ${quantile(bare, 0.99)} ms; p99 ratio ${ratio99.toFixed(2)}×`,
    ok: ratio99 <= 1.5,
  })
  const deflated = await bareDelivery(payloads, 1000, 1024)
  rows.push({
    what: 'per-message deflate on those deltas (bare socket.io, threshold 1 kB vs off)',
    target: 'measured',
    figure: `p99 ${quantile(deflated, 0.99)} ms with deflate vs ${quantile(bare, 0.99)} ms without (Headroom gzips once per delta instead: runtime/packed-json.ts)`,
    ok: null,
  })
  void metrics
}

async function assets(h: RunningHeadroom, rows: Row[]): Promise<void> {
  const html = await (await fetch(`${h.url}/`)).text()
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
  if (!js) return
  const raw = await wireBytes(`${h.url}${js}`, 'identity')
  const gz = await wireBytes(`${h.url}${js}`, 'gzip')
  rows.push({
    what: 'wall JS on the wire (HTTP compression)',
    target: 'compressed',
    figure: `${(raw.bytes / 1024).toFixed(1)} kB → ${gz.encoding} ${(gz.bytes / 1024).toFixed(1)} kB`,
    ok: gz.encoding === 'gzip',
  })
}

/** Bytes as they cross the wire (fetch would decompress them). */
function wireBytes(url: string, encoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }))
    }).on('error', reject)
  })
}

async function backfill(configDir: string, days: number, rows: Row[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-scale-backfill-'))
  const h = await startHeadroom(configDir, dataDir, { HEADROOM_BACKFILL_DAYS: String(days) })
  const done = await until('backfill done', async () => ((await h.health()).backfill.state === 'done' ? true : null), 900_000)
  const health = await h.health()
  rows.push({
    what: `RSS during a ${days}-day backfill (${health.backfill.total} samples, ${(done.ms / 1000).toFixed(0)} s)`,
    target: '≤ 1 GB',
    figure: `${h.rss.max().toFixed(0)} MB peak; event loop worst ${health.eventLoop?.maxMsSinceStart ?? '?'} ms`,
    ok: h.rss.max() <= 1024,
  })
  await h.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

/**
 * Runs one phase; a phase that fails (a server that stops answering at 10 000 metrics, say) becomes a
 * missed row with its error, and the figures already measured are still printed and written.
 */
async function phase(name: string, rows: Row[], run: () => Promise<void>): Promise<void> {
  const before = rows.length
  try {
    await run()
  } catch (err) {
    rows.push({
      what: `${name}: did not complete`,
      target: 'completes',
      figure: err instanceof Error ? err.message : String(err),
      ok: false,
    })
  }
  for (const r of rows.slice(before)) console.log(`scale: ${r.what}: ${r.figure}`)
}

async function size(metrics: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), `headroom-scale-${metrics}-`))
  const rows: Row[] = []
  try {
    const configDir = join(dir, 'config')
    const dataDir = join(dir, 'data')
    await writeExample(ROOT, { metrics, out: configDir, backfillDays: 0, intervalSeconds: metrics > 1000 ? 15 : 5 })
    const days = metrics > 2000 ? 30 : 90
    const filled = await prefill(configDir, dataDir, days)
    console.log(`scale ${metrics}: ${filled.samples} hourly samples (${days} days) written in ${(filled.ms / 1000).toFixed(0)} s`)
    const h = await startHeadroom(configDir, dataDir)
    try {
      await phase('cold start', rows, () => coldStart(h, metrics, rows, metrics > 2000 ? 10_000 : 2000))
      await phase('steady window', rows, () => steady(h, metrics, rows))
      await phase('static assets', rows, () => assets(h, rows))
    } finally {
      await h.stop()
    }
    await phase('backfill', rows, () => backfill(configDir, metrics > 2000 ? 3 : 7, rows))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

function table(results: Map<number, Row[]>): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on the shared 2-core machine, load average ${loadavg()[0]?.toFixed(1)} at the end.`,
    '',
  ]
  for (const [metrics, rows] of results) {
    lines.push(`**${metrics.toLocaleString('en')} metrics**`, '', '| what | target | measured | |', '| --- | --- | --- | --- |')
    for (const r of rows)
      lines.push(`| ${r.what} | ${r.target} | ${r.figure} | ${r.ok === null ? '' : r.ok ? 'met' : '**missed**'} |`)
    lines.push('')
  }
  return lines.join('\n')
}

export async function run(): Promise<{ name: string; ok: boolean; rows: number; missed: number }> {
  const sizes = (process.env.HEADROOM_BENCH_SCALE ?? '1000,10000').split(',').map(Number)
  const results = new Map<number, Row[]>()
  for (const n of sizes) {
    results.set(n, await size(n))
    console.log(table(new Map([[n, results.get(n) ?? []]])))
  }
  const text = table(results)
  const readme = join(ROOT, 'bench', 'README.md')
  const current = readFileSync(readme, 'utf8')
  const start = '<!-- scale:start -->'
  const end = '<!-- scale:end -->'
  const block = `${start}\n${text}\n${end}`
  writeFileSync(
    readme,
    current.includes(start) ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), block) : `${current}\n${block}\n`,
  )
  const all = [...results.values()].flat()
  const missed = all.filter((r) => r.ok === false).length
  return { name: 'scale', ok: missed === 0, rows: all.length, missed }
}
