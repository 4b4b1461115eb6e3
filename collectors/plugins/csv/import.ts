// Streaming import of one CSV file, for `headroom import FILE` and the
// watched-folder collector. The file is never held in memory: bytes flow
// through csv-parse and samples leave in batches through an awaited sink
// (backpressure: a slow store slows the read, it does not pile up rows).
// A bad row is reported with file name and line and skipped; the rows
// around it are kept. Identical rows give identical (series, timestamp)
// points, so re-importing a file adds nothing twice.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { pipeline } from 'node:stream'
import { parse, type CsvError } from 'csv-parse'
import type { Sample } from '../../types.ts'
import { resolveLayout, rowToSample, type ColumnName, type CsvKind, type Layout, type RowError } from './kinds.ts'

export type { CsvKind, RowError } from './kinds.ts'

export interface ImportProgress {
  file: string
  bytesRead: number
  totalBytes: number
  rows: number
  samples: number
  errors: number
}

export interface ImportOptions {
  /** Which kind of file; 'auto' decides from the header. */
  kind: CsvKind | 'auto'
  /** Receives samples in batches; awaited before more of the file is read. */
  sink: (samples: Sample[]) => void | Promise<void>
  /** Called as the file is read (about every 64 KiB) and once at the end. */
  onProgress?: (progress: ImportProgress) => void
  signal?: AbortSignal
  /** Forecast version when the file has no version column; default: the file name without extension. */
  version?: string
  /** Driver id when the file has no driver column (e.g. a NAB series imported as installs). */
  driver?: string
  /** Header names for canonical columns, e.g. { time: 'timestamp' }. */
  columns?: Partial<Record<ColumnName, string>>
  /** Days added to every date and time read (0 = as written). */
  shiftDays?: number
  /** Samples per sink call. */
  batchSize?: number
  /** Row errors kept in the result (all are counted in errorCount). */
  maxErrors?: number
}

export interface ImportResult {
  file: string
  kind: CsvKind
  /** Data rows read (header excluded), good and bad. */
  rows: number
  samples: number
  errors: RowError[]
  errorCount: number
}

/** A problem with the whole file (unreadable, bad header, aborted): nothing after it was imported. */
export class CsvImportError extends Error {
  override name = 'CsvImportError'
}

/** "forecast.csv:17 value: expected a number, got 'abc'" */
export function formatRowError(file: string, e: RowError): string {
  return `${file}:${e.line} ${e.field}: ${e.message}`
}

function errnoCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String(err.code) : err instanceof Error ? err.message : String(err)
}

interface ParsedRecord {
  record: string[]
  info: { lines: number }
}

export async function importCsvFile(path: string, opts: ImportOptions): Promise<ImportResult> {
  const file = basename(path)
  const batchSize = opts.batchSize ?? 5000
  const maxErrors = opts.maxErrors ?? 1000
  let totalBytes: number
  try {
    totalBytes = (await stat(path)).size
  } catch (err) {
    throw new CsvImportError(`${file}: cannot read ${path} (${errnoCode(err)})`)
  }
  const rowOptions = {
    version: opts.version ?? basename(file, extname(file)),
    ...(opts.driver !== undefined ? { driver: opts.driver } : {}),
    ...(opts.shiftDays ? { shiftDays: opts.shiftDays } : {}),
  }

  const result: ImportResult = { file, kind: 'driver-actuals', rows: 0, samples: 0, errors: [], errorCount: 0 }
  const addError = (e: RowError): void => {
    result.errorCount++
    if (result.errors.length < maxErrors) result.errors.push(e)
  }
  let bytesRead = 0
  const progress = (): void =>
    opts.onProgress?.({ file, bytesRead, totalBytes, rows: result.rows, samples: result.samples, errors: result.errorCount })

  const source = createReadStream(path)
  source.on('data', (chunk) => {
    bytesRead += chunk.length
    progress()
  })
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // A malformed record (an unclosed quote...) is one bad row, not the end of the import.
    on_skip: (err: CsvError | undefined) => {
      const line = typeof err?.lines === 'number' ? err.lines : parser.info.lines
      addError({ line, field: 'row', message: err?.message ?? 'malformed row' })
      return undefined
    },
  })
  const onAbort = (): void => {
    source.destroy(new CsvImportError(`${file}: import aborted after ${result.rows} rows`))
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  pipeline(source, parser, () => undefined)

  let layout: Layout | null = null
  let batch: Sample[] = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const out = batch
    batch = []
    await opts.sink(out)
  }
  try {
    if (opts.signal?.aborted) onAbort()
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      const { record, info } = item
      if (layout === null) {
        const resolved = resolveLayout(record, opts.kind, opts.columns ?? {}, rowOptions)
        if ('error' in resolved) throw new CsvImportError(`${file}:${info.lines} header: ${resolved.error}`)
        layout = resolved
        result.kind = resolved.kind
        continue
      }
      result.rows++
      const sample = rowToSample(layout, record, info.lines, rowOptions)
      if (Array.isArray(sample)) {
        for (const e of sample) addError(e)
        continue
      }
      batch.push(sample)
      result.samples++
      if (batch.length >= batchSize) await flush()
    }
    await flush()
  } catch (err) {
    source.destroy()
    if (err instanceof CsvImportError) throw err
    if (opts.signal?.aborted) throw new CsvImportError(`${file}: import aborted after ${result.rows} rows`)
    throw new CsvImportError(`${file}: ${errnoCode(err)}`)
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
  }
  if (layout === null) throw new CsvImportError(`${file}:1 header: the file is empty`)
  bytesRead = totalBytes
  progress()
  return result
}
