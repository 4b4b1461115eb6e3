// The three kinds of file capacity teams hand over, and how one row of each
// becomes a sample:
//   driver-actuals   time,driver,value                         -> app "drivers", metric = driver
//   driver-forecast  date,driver,value[,version]               -> app "driver-forecast", metric = driver, tags { version }
//   perf-test        date,app,metric,measured_max[,environment_scale]
//                                                              -> app/metric, tags { source: "perf-test"[, environment_scale] },
//                                                                 value scaled to live (measured_max / environment_scale)
// Perf-test results are stored as series next to the metric they limit, so
// a chart can draw them as evidence lines and the store keeps their history.
import type { Sample } from '../../types.ts'
import { parseTimestamp } from './time.ts'

export const csvKinds = ['driver-actuals', 'driver-forecast', 'perf-test'] as const
export type CsvKind = (typeof csvKinds)[number]

/** Canonical column names; a file may call them something else via `columns`. */
export type ColumnName =
  'time' | 'date' | 'driver' | 'value' | 'version' | 'app' | 'metric' | 'measured_max' | 'environment_scale'

interface KindSpec {
  required: ColumnName[]
  optional: ColumnName[]
}

const specs: Record<CsvKind, KindSpec> = {
  'driver-actuals': { required: ['time', 'driver', 'value'], optional: [] },
  'driver-forecast': { required: ['date', 'driver', 'value'], optional: ['version'] },
  'perf-test': { required: ['date', 'app', 'metric', 'measured_max'], optional: ['environment_scale'] },
}

export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  line: number
  /** Canonical column name, or "row" for a malformed row. */
  field: string
  message: string
}

/** What a header resolves to: which column index holds each canonical field. */
export interface Layout {
  kind: CsvKind
  index: Partial<Record<ColumnName, number>>
}

export interface RowOptions {
  /** Driver id for files without a driver column (e.g. a NAB series mapped as installs). */
  driver?: string
  /** Forecast version when the file has no version column. */
  version?: string
  /** Days added to every date and time read (see the csv collector's `shiftDays`). */
  shiftDays?: number
}

const idPattern = /^[a-z0-9][a-z0-9-]*$/

/**
 * Resolves the header: which kind (when `kind` is auto) and where each column
 * is. Returns an error sentence naming the missing column and what was found.
 */
export function resolveLayout(
  header: string[],
  kind: CsvKind | 'auto',
  columns: Partial<Record<ColumnName, string>>,
  options: RowOptions,
): Layout | { error: string } {
  const names = header.map((h) => h.trim())
  const lower = names.map((h) => h.toLowerCase())
  const find = (c: ColumnName): number => {
    const wanted = (columns[c] ?? c).toLowerCase()
    return lower.indexOf(wanted)
  }
  const chosen: CsvKind | null =
    kind !== 'auto'
      ? kind
      : find('measured_max') >= 0
        ? 'perf-test'
        : find('time') >= 0
          ? 'driver-actuals'
          : find('date') >= 0
            ? 'driver-forecast'
            : null
  if (chosen === null) {
    return {
      error: `cannot tell the kind of file from the header (found: ${names.join(', ')}); expected time,driver,value (driver actuals), date,driver,value (driver forecast) or date,app,metric,measured_max,environment_scale (perf-test), or pass a kind`,
    }
  }
  const spec = specs[chosen]
  const index: Partial<Record<ColumnName, number>> = {}
  for (const c of [...spec.required, ...spec.optional]) {
    const i = find(c)
    if (i >= 0) index[c] = i
  }
  const missing = spec.required.filter((c) => index[c] === undefined && !(c === 'driver' && options.driver !== undefined))
  if (missing.length > 0) {
    const label = missing.map((c) => (columns[c] ? `'${columns[c]}' (for ${c})` : `'${c}'`)).join(', ')
    return { error: `missing column ${label} for a ${chosen} file (found: ${names.join(', ')})` }
  }
  return { kind: chosen, index }
}

function numberField(text: string | undefined, field: string, line: number, errors: RowError[]): number | null {
  const t = (text ?? '').trim()
  const n = Number(t)
  if (t === '' || !Number.isFinite(n)) {
    errors.push({ line, field, message: `expected a number, got '${text ?? ''}'` })
    return null
  }
  return n
}

function idField(text: string | undefined, field: string, line: number, errors: RowError[]): string | null {
  const t = (text ?? '').trim()
  if (!idPattern.test(t)) {
    errors.push({
      line,
      field,
      message: `expected a lower-case id like "installs" (letters, digits, dashes), got '${text ?? ''}'`,
    })
    return null
  }
  return t
}

/**
 * One row to one sample, or the row's problems (every bad field of the row,
 * so one pass over a file shows all that needs fixing).
 */
export function rowToSample(layout: Layout, row: string[], line: number, options: RowOptions): Sample | RowError[] {
  const errors: RowError[] = []
  const cell = (c: ColumnName): string | undefined => {
    const i = layout.index[c]
    return i === undefined ? undefined : row[i]
  }
  const timeField: ColumnName = layout.kind === 'driver-actuals' ? 'time' : 'date'
  const parsed = parseTimestamp(cell(timeField) ?? '')
  if ('error' in parsed) errors.push({ line, field: timeField, message: parsed.error })
  const at = 'ms' in parsed ? new Date(parsed.ms + (options.shiftDays ?? 0) * 86_400_000) : null

  if (layout.kind === 'perf-test') {
    const app = idField(cell('app'), 'app', line, errors)
    const metric = idField(cell('metric'), 'metric', line, errors)
    const measured = numberField(cell('measured_max'), 'measured_max', line, errors)
    const scaleText = cell('environment_scale')
    const scale =
      scaleText === undefined || scaleText.trim() === '' ? 1 : numberField(scaleText, 'environment_scale', line, errors)
    if (scale !== null && (scale <= 0 || scale > 1)) {
      errors.push({
        line,
        field: 'environment_scale',
        message: `expected a fraction of live above 0 and at most 1, got '${scaleText ?? ''}'`,
      })
    }
    if (errors.length > 0 || at === null || app === null || metric === null || measured === null || scale === null) return errors
    // The scale rides along as a tag so feedback can show the measured value and the rig size, not only the live equivalent.
    const tags: Record<string, string> =
      scale === 1 ? { source: 'perf-test' } : { source: 'perf-test', environment_scale: String(scale) }
    return { app, metric, value: measured / scale, at, tags }
  }

  const driverText = layout.index.driver === undefined ? options.driver : cell('driver')
  const driver = idField(driverText, 'driver', line, errors)
  const value = numberField(cell('value'), 'value', line, errors)
  if (layout.kind === 'driver-actuals') {
    if (errors.length > 0 || at === null || driver === null || value === null) return errors
    return { app: 'drivers', metric: driver, value, at }
  }
  const version = (cell('version') ?? '').trim() || options.version
  if (version === undefined || version === '') {
    errors.push({ line, field: 'version', message: 'no forecast version: add a version column or pass a version' })
  }
  if (errors.length > 0 || at === null || driver === null || value === null || version === undefined) return errors
  return { app: 'driver-forecast', metric: driver, value, at, tags: { version } }
}
