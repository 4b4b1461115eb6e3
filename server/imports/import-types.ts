// What an import reports (upload answer, progress push, recent list). Defined
// here, beside the jobs that produce it; http/api-types passes it on to the client.
export const importKinds = ['auto', 'driver-actuals', 'driver-forecast', 'perf-test'] as const
export type ImportKind = (typeof importKinds)[number]

export type ImportState = 'running' | 'done' | 'failed'

/**
 * Socket push `importProgress`, and one entry of GET /api/imports.
 * Sent as the upload is imported (throttled) and once with the final state.
 */
export interface ImportProgressEvent {
  importId: string
  /** File name as uploaded (?name=), used in every error line. */
  name: string
  state: ImportState
  bytesRead: number
  totalBytes: number
  /** Data rows read, good and bad. */
  rows: number
  /** Samples handed to the write pipeline. */
  samples: number
  /** First 20 row errors as `file:line field: message`. */
  errors: string[]
  /** All row errors, including those not listed. */
  errorCount: number
  /** Kind of file as decided (from ?kind= or the header), once known. */
  kind?: Exclude<ImportKind, 'auto'>
  /** Whole-file failure (bad header, unreadable), set when state is 'failed'. */
  message?: string
  startedAt: string
  finishedAt?: string
}

/** POST /api/imports (operator role, body: the CSV as text/csv; ?kind=&version=&name=) answers 202. */
export interface ImportAccepted {
  importId: string
}

/** GET /api/imports: recent imports, newest first, with their latest (or final) state. */
export interface ImportsResponse {
  imports: ImportProgressEvent[]
}
