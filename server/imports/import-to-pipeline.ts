// One CSV import into the write pipeline, shared by `headroom import FILE`
// and POST /api/imports. The csv plugin parses; this adds what only the
// server knows: which series the estate has (a row for a driver that is not
// in estate.yaml would be dropped silently by the pipeline, so it is
// reported here, once per series, naming the file), and waiting until the
// store has every point, so "done" means visible.
import { formatRowError, importCsvFile, type ImportProgress, type ImportResult } from '../../collectors/plugins/csv/index.ts'
import type { CsvKind } from '../../collectors/plugins/csv/kinds.ts'
import type { Sample } from '../../collectors/types.ts'
import type { WritePipeline } from '../ingest/pipeline.ts'

export interface PipelineImportOptions {
  path: string
  kind: CsvKind | 'auto'
  version?: string
  pipeline: Pick<WritePipeline, 'pushBulk' | 'flush'>
  isKnown: (app: string, metric: string) => boolean
  onProgress?: (progress: ImportProgress) => void
  signal?: AbortSignal
  /** Row errors kept as text (all are counted). */
  maxErrors?: number
}

export interface PipelineImportResult {
  file: string
  kind: CsvKind
  rows: number
  /** Samples handed to the store. */
  samples: number
  /** `file:line field: message`, then one line per unknown series. */
  errors: string[]
  /** Bad rows plus rows of unknown series. */
  errorCount: number
}

export async function importIntoPipeline(opts: PipelineImportOptions): Promise<PipelineImportResult> {
  const unknown = new Map<string, number>()
  let stored = 0
  const sink = async (samples: Sample[]): Promise<void> => {
    const good: Sample[] = []
    for (const s of samples) {
      if (opts.isKnown(s.app, s.metric)) good.push(s)
      else unknown.set(`${s.app}/${s.metric}`, (unknown.get(`${s.app}/${s.metric}`) ?? 0) + 1)
    }
    stored += good.length
    if (good.length > 0) await opts.pipeline.pushBulk(good)
  }
  const result: ImportResult = await importCsvFile(opts.path, {
    kind: opts.kind,
    sink,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    maxErrors: opts.maxErrors ?? 1000,
  })
  await opts.pipeline.flush()
  const errors = result.errors.map((e) => formatRowError(result.file, e))
  let unknownRows = 0
  for (const [series, rows] of unknown) {
    unknownRows += rows
    errors.push(`${result.file}: ${describeUnknown(series)} is not in estate.yaml; ${rows} row(s) skipped`)
  }
  return {
    file: result.file,
    kind: result.kind,
    rows: result.rows,
    samples: stored,
    errors,
    errorCount: result.errorCount + unknownRows,
  }
}

function describeUnknown(series: string): string {
  const [app = '', metric = ''] = series.split('/')
  if (app === 'drivers' || app === 'driver-forecast') return `driver '${metric}'`
  return `metric '${app}/${metric}'`
}
