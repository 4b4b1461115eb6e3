// `headroom import FILE [--kind auto|driver-actuals|driver-forecast|perf-test] [--version V]`:
// one CSV file into the store through the write pipeline. Row errors go to
// stderr as `file:line field: message`; good rows are stored anyway; the
// exit code is 1 when any row failed, so a script notices. Re-running it
// adds nothing twice (same rows, same points).
import { basename } from 'node:path'
import { importKinds, type ImportKind } from '../http/api-types/collectors.ts'
import { loadConfig } from '../config/load.ts'
import { knownSeries } from '../core.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'
import { importIntoPipeline } from '../imports/import-to-pipeline.ts'
import { createWritePipeline } from '../ingest/pipeline.ts'
import type { Settings } from '../settings.ts'
import { parseArgs, UsageError } from './args.ts'
import { createProgressReporter, formatCount, type ProgressStream } from './progress.ts'
import { openCliStore } from './store-for-cli.ts'

export interface ImportIo {
  stdout: ProgressStream
  stderr: ProgressStream
}

export function lockedMessage(dataDir: string): string {
  return (
    `the DuckDB file in ${dataDir} is in use by a running Headroom server (one process at a time can open it). ` +
    'Upload the file in the UI (Collectors page, Import CSV) or send it to POST /api/imports instead ' +
    '(curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/csv" --data-binary @FILE "http://HOST:PORT/api/imports?name=FILE"), ' +
    'or stop the server first.'
  )
}

function parseKind(raw: string | undefined): ImportKind {
  if (raw === undefined) return 'auto'
  const kind = importKinds.find((k) => k === raw)
  if (!kind) throw new UsageError(`import: --kind must be one of ${importKinds.join(', ')}; got "${raw}"`)
  return kind
}

export async function importCommand(argv: readonly string[], settings: Settings, io: ImportIo): Promise<number> {
  const args = parseArgs(argv, 'import', ['kind', 'version'])
  const [file, ...extra] = args.positional
  if (!file) throw new UsageError('import needs a file: headroom import FILE [--kind K] [--version V]')
  if (extra.length > 0) throw new UsageError(`import takes one file at a time; also got ${extra.join(' ')}`)
  const kind = parseKind(args.values.get('kind'))
  const version = args.values.get('version')

  const config = await loadConfig(settings.configDir)
  const known = knownSeries(config.estate)
  const store = await openCliStore(
    settings.dataDir,
    settings.influxUrl ?? config.server.influxUrl ?? null,
    lockedMessage(settings.dataDir),
  )
  const pipeline = createWritePipeline({ store, isKnown: (app, metric) => known.has(seriesKey(app, metric)) })
  const progress = createProgressReporter(io.stderr, basename(file))
  let last = { bytesRead: 0, totalBytes: 0, rows: 0, errors: 0 }
  try {
    const result = await importIntoPipeline({
      path: file,
      kind,
      ...(version !== undefined ? { version } : {}),
      pipeline,
      isKnown: (app, metric) => known.has(seriesKey(app, metric)),
      onProgress: (p) => {
        last = { bytesRead: p.bytesRead, totalBytes: p.totalBytes, rows: p.rows, errors: p.errors }
        progress.update(last)
      },
    })
    progress.done({ ...last, rows: result.rows, errors: result.errorCount })
    for (const line of result.errors) io.stderr.write(`${line}\n`)
    const hidden = result.errorCount - result.errors.length
    if (hidden > 0) io.stderr.write(`... and ${formatCount(hidden)} more bad row(s)\n`)
    io.stdout.write(
      `${result.file}: ${result.kind}, ${formatCount(result.rows)} rows, ${formatCount(result.samples)} samples stored in ${store.kind}` +
        `${result.errorCount > 0 ? `, ${formatCount(result.errorCount)} row(s) failed` : ''}\n`,
    )
    return result.errorCount > 0 ? 1 : 0
  } finally {
    await pipeline.close()
    await store.close()
  }
}
