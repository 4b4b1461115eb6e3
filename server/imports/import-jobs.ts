// Background imports of uploaded CSV files (POST /api/imports). Each upload
// becomes a job with an id; its progress goes to listeners (the socket
// `importProgress` push) at most every `progressIntervalMs` plus once at the
// end, and the last `keep` jobs stay listed for GET /api/imports. The temp
// directory the upload was streamed into is removed when the job ends.
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import type { CsvKind } from '../../collectors/plugins/csv/kinds.ts'
import type { ImportProgressEvent } from './import-types.ts'
import type { Logger } from '../log.ts'
import { importIntoPipeline, type PipelineImportOptions } from './import-to-pipeline.ts'

export const SHOWN_ERRORS = 20

export interface ImportJobsOptions {
  pipeline: PipelineImportOptions['pipeline']
  isKnown: () => (app: string, metric: string) => boolean
  log: Logger
  progressIntervalMs?: number
  keep?: number
}

export interface StartImport {
  /** The uploaded file; its base name is the name in every error line. */
  path: string
  /** Directory to delete when the job ends (the upload's temp dir). */
  cleanup: string
  name: string
  kind: CsvKind | 'auto'
  version?: string
  totalBytes: number
}

export interface ImportJobs {
  newId(): string
  /** Starts the import in the background; returns at once. */
  start(id: string, job: StartImport): void
  list(): ImportProgressEvent[]
  onProgress(listener: (event: ImportProgressEvent) => void): () => void
  /** Aborts running imports and waits for them (before the pipeline closes). */
  close(): Promise<void>
  /** Resolves when the job has finished (for tests and the CLI-like callers). */
  settled(id: string): Promise<ImportProgressEvent | undefined>
}

export function createImportJobs(opts: ImportJobsOptions): ImportJobs {
  const interval = opts.progressIntervalMs ?? 250
  const keep = opts.keep ?? 50
  const jobs = new Map<string, ImportProgressEvent>()
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>()
  const listeners = new Set<(event: ImportProgressEvent) => void>()
  const emit = (event: ImportProgressEvent): void => {
    for (const l of listeners) {
      try {
        l({ ...event, errors: [...event.errors] })
      } catch (err) {
        opts.log.warn({ err }, 'importProgress listener failed')
      }
    }
  }
  const remember = (event: ImportProgressEvent): void => {
    jobs.set(event.importId, event)
    while (jobs.size > keep) {
      const oldest = [...jobs.values()].find((j) => j.state !== 'running')
      if (!oldest) break
      jobs.delete(oldest.importId)
    }
  }

  const run = async (id: string, job: StartImport, abort: AbortController): Promise<void> => {
    const event: ImportProgressEvent = {
      importId: id,
      name: job.name,
      state: 'running',
      bytesRead: 0,
      totalBytes: job.totalBytes,
      rows: 0,
      samples: 0,
      errors: [],
      errorCount: 0,
      startedAt: new Date().toISOString(),
    }
    remember(event)
    emit(event)
    let lastEmit = Date.now()
    try {
      const result = await importIntoPipeline({
        path: job.path,
        kind: job.kind,
        ...(job.version !== undefined ? { version: job.version } : {}),
        pipeline: opts.pipeline,
        isKnown: opts.isKnown(),
        signal: abort.signal,
        maxErrors: SHOWN_ERRORS,
        onProgress: (p) => {
          event.bytesRead = p.bytesRead
          event.rows = p.rows
          event.samples = p.samples
          event.errorCount = p.errors
          if (Date.now() - lastEmit >= interval) {
            lastEmit = Date.now()
            emit(event)
          }
        },
      })
      event.kind = result.kind
      event.rows = result.rows
      event.samples = result.samples
      event.errors = result.errors.slice(0, SHOWN_ERRORS)
      event.errorCount = result.errorCount
      event.bytesRead = job.totalBytes
      event.state = 'done'
      opts.log.info(
        { importId: id, file: job.name, rows: result.rows, samples: result.samples, errors: result.errorCount },
        'import done',
      )
    } catch (err) {
      event.state = 'failed'
      event.message = err instanceof Error ? err.message : String(err)
      opts.log.warn({ importId: id, file: job.name }, event.message)
    } finally {
      event.finishedAt = new Date().toISOString()
      running.delete(id)
      await rm(job.cleanup, { recursive: true, force: true }).catch(() => undefined)
    }
    emit(event)
  }

  return {
    newId: () => randomUUID(),
    start(id, job) {
      const abort = new AbortController()
      const done = run(id, job, abort)
      running.set(id, { abort, done })
    },
    list: () => [...jobs.values()].reverse().map((j) => ({ ...j, errors: [...j.errors] })),
    onProgress(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async settled(id) {
      await running.get(id)?.done
      return jobs.get(id)
    },
    async close() {
      const all = [...running.values()]
      for (const r of all) r.abort.abort()
      await Promise.all(all.map((r) => r.done))
    },
  }
}
