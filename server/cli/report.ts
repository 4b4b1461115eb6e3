// `headroom report [--out FILE.html] [--as-of YYYY-MM-DD] [--url URL]`: the
// capacity report as one HTML file for a review board (print it, or open it
// in a browser and save as PDF). With --url (or HEADROOM_URL) it asks a
// running server (token from HEADROOM_TOKEN); without, it opens the store
// and runs the engine itself, which with the embedded DuckDB store needs the
// server stopped (one process at a time can open the file).
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { loadConfig } from '../config/load.ts'
import { engineAsOf } from '../runtime/engine-as-of.ts'
import { dataDirFirstStart, exampleConfig } from '../runtime/example-start.ts'
import type { Settings } from '../settings.ts'
import { renderReportHtml } from '../views/report-html.ts'
import { assembleReport, reportMoment } from '../views/report.ts'
import type { EngineApiDeps } from '../views/view-deps.ts'
import { parseArgs, UsageError } from './args.ts'
import { openCliStore } from './store-for-cli.ts'

export interface ReportIo {
  stdout: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  now?: () => Date
}

function lockedMessage(dataDir: string): string {
  return (
    `the DuckDB file in ${dataDir} is in use by a running Headroom server. Ask that server instead: ` +
    'headroom report --url http://localhost:8080 (with HEADROOM_TOKEN set when it has tokens), or stop it first.'
  )
}

async function fromServer(url: string, asOf: string | null, token: string | undefined): Promise<string> {
  const address = new URL('/api/report', url)
  address.searchParams.set('format', 'html')
  if (asOf) address.searchParams.set('asOf', asOf)
  let res: Response
  try {
    res = await fetch(address, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch (err) {
    throw new Error(`cannot reach ${url} (${err instanceof Error ? err.message : String(err)}); is the server running?`)
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null
    throw new Error(`GET ${address.pathname} answered ${res.status}: ${body?.error ?? res.statusText}`)
  }
  return res.text()
}

async function fromStore(settings: Settings, asOf: string | null, now: Date): Promise<string> {
  const moment = reportMoment(asOf, now)
  // The example's dates as this data dir has them (moved to its first start).
  const config = exampleConfig(await loadConfig(settings.configDir), await dataDirFirstStart(settings.dataDir, now)).config
  const store = await openCliStore(
    settings.dataDir,
    settings.influxUrl ?? config.server.influxUrl ?? null,
    lockedMessage(settings.dataDir),
  )
  try {
    // Even "today" is a fresh engine pass here: a command has no running engine to read.
    const past = await engineAsOf({ store, estate: config.estate, engine: config.engine }, moment.at)
    const view: EngineApiDeps = {
      store,
      estate: () => config.estate,
      engineFile: () => config.engine,
      scenarios: () => config.scenarios,
      now: () => moment.at,
      engine: { current: () => past.result, baseSnapshot: () => past.snapshot, driverLevels: () => past.driverLevels },
    }
    return renderReportHtml(await assembleReport(view, moment, config.estate.name))
  } finally {
    await store.close()
  }
}

export async function reportCommand(argv: readonly string[], settings: Settings, io: ReportIo): Promise<number> {
  const args = parseArgs(argv, 'report', ['out', 'as-of', 'url'])
  if (args.positional.length > 0) throw new UsageError(`report takes no arguments; got ${args.positional.join(' ')}`)
  const now = io.now?.() ?? new Date()
  const asOf = args.values.get('as-of') ?? null
  if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new UsageError(`report: --as-of must be a date like 2026-11-30; got "${asOf}"`)
  const url = args.values.get('url') ?? io.env.HEADROOM_URL
  const day = asOf ?? now.toISOString().slice(0, 10)
  const out = resolve(args.values.get('out') ?? `headroom-report-${day}.html`)
  const html = url ? await fromServer(url, asOf, io.env.HEADROOM_TOKEN) : await fromStore(settings, asOf, now)
  await writeFile(out, html, 'utf8')
  io.stdout.write(`capacity report as of ${day} written to ${out}\n`)
  return 0
}
