// Streaming import of one CSV file, for `headroom import FILE` and the
// watched-folder collector. The file is never held in memory: it is read in
// 64 KiB chunks, split into lines, and samples leave in batches through an awaited sink
// (backpressure: a slow store slows the read, it does not pile up rows).
// A bad row (a stray quote included) is reported with file name and line and
// skipped; the rows around it are kept. Parsing works in slices of a few
// milliseconds and yields to the event loop between them, so a server
// importing a 48 MB file keeps answering requests. Identical rows give
// identical (series, timestamp) points, so re-importing adds nothing twice.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { Sample } from '../../types.ts'
import { parseCsvLine } from './csv-line.ts'
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

/** Longest stretch of parsing before giving the event loop a turn. */
const SLICE_MS = 8
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

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

  let layout: Layout | null = null
  let batch: Sample[] = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const out = batch
    batch = []
    await opts.sink(out)
  }

  let lineNo = 0
  const handleLine = async (raw: string): Promise<void> => {
    lineNo++
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return
    const parsed = parseCsvLine(lineNo === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line)
    if (layout === null) {
      if ('error' in parsed) throw new CsvImportError(`${file}:${lineNo} header: ${parsed.error}`)
      const resolved = resolveLayout(parsed.fields, opts.kind, opts.columns ?? {}, rowOptions)
      if ('error' in resolved) throw new CsvImportError(`${file}:${lineNo} header: ${resolved.error}`)
      layout = resolved
      result.kind = resolved.kind
      return
    }
    result.rows++
    if ('error' in parsed) {
      addError({ line: lineNo, field: 'row', message: parsed.error })
      return
    }
    const sample = rowToSample(layout, parsed.fields, lineNo, rowOptions)
    if (Array.isArray(sample)) {
      for (const e of sample) addError(e)
      return
    }
    batch.push(sample)
    result.samples++
    if (batch.length >= batchSize) await flush()
  }

  const source = createReadStream(path, { highWaterMark: 64 * 1024 })
  const decoder = new StringDecoder('utf8')
  let carry = ''
  let sliceStart = performance.now()
  const aborted = (): CsvImportError => new CsvImportError(`${file}: import aborted after ${result.rows} rows`)
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw aborted()
      bytesRead += chunk.length
      const lines = (carry + decoder.write(chunk)).split('\n')
      carry = lines.pop() ?? ''
      for (let i = 0; i < lines.length; i++) {
        await handleLine(lines[i] as string)
        if ((i & 255) === 255 && performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop()
          sliceStart = performance.now()
          if (opts.signal?.aborted) throw aborted()
        }
      }
      progress()
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop()
        sliceStart = performance.now()
      }
    }
    const last = carry + decoder.end()
    if (last !== '') await handleLine(last)
    await flush()
  } catch (err) {
    source.destroy()
    if (err instanceof CsvImportError) throw err
    if (opts.signal?.aborted) throw aborted()
    throw new CsvImportError(`${file}: ${errnoCode(err)}`)
  }
  if (layout === null) throw new CsvImportError(`${file}:1 header: the file is empty`)
  bytesRead = totalBytes
  progress()
  return result
}
