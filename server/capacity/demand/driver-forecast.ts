// Driver forecasts arrive as CSV (`date,driver,value`), e.g. the data-hub
// operator's install forecast. Parsing is pure (text in, rows or problems
// out) so the HTTP upload and the CLI import share it; the load model turns
// the rows into projected load per metric and the date it crosses the breakpoint.
import { parse } from 'csv-parse/sync'
import { predictLoad } from './load-model.ts'

export interface DriverForecastRow {
  date: string
  driver: string
  value: number
}

export type ParsedDriverForecast = { ok: true; rows: DriverForecastRow[] } | { ok: false; errors: string[] }

/** Every problem at once, each as `file:line field: message`. */
export function parseDriverForecastCsv(text: string, fileName: string, knownDrivers?: readonly string[]): ParsedDriverForecast {
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
    })
  } catch (err) {
    return { ok: false, errors: [`${fileName}: ${err instanceof Error ? err.message : String(err)}`] }
  }
  const errors: string[] = []
  const rows: DriverForecastRow[] = []
  const header = text.split(/\r?\n/, 1)[0]?.toLowerCase() ?? ''
  for (const col of ['date', 'driver', 'value']) {
    if (
      !header
        .split(',')
        .map((c) => c.trim())
        .includes(col)
    )
      errors.push(`${fileName}:1 header: missing column "${col}" (expected date,driver,value)`)
  }
  if (errors.length) return { ok: false, errors }
  for (const { record, info } of records) {
    const at = `${fileName}:${info.lines}`
    const date = record.date ?? ''
    const driver = record.driver ?? ''
    const value = Number(record.value)
    let bad = false
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      errors.push(`${at} date: expected YYYY-MM-DD, got "${date}"`)
      bad = true
    }
    if (!driver) {
      errors.push(`${at} driver: empty`)
      bad = true
    } else if (knownDrivers && !knownDrivers.includes(driver)) {
      errors.push(`${at} driver: unknown driver "${driver}" (known: ${knownDrivers.join(', ')})`)
      bad = true
    }
    if (record.value === undefined || record.value === '' || !Number.isFinite(value)) {
      errors.push(`${at} value: expected a number, got "${record.value ?? ''}"`)
      bad = true
    }
    if (!bad) rows.push({ date, driver, value })
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows }
}

export interface ProjectedLoad {
  date: string
  load: number
}

/** Projected metric load per forecast date; a driver without a row on a date counts as 0 that day. */
export function projectLoad(
  model: { base: number; drivers: Record<string, number> },
  rows: readonly DriverForecastRow[],
): ProjectedLoad[] {
  const byDate = new Map<string, Record<string, number>>()
  for (const r of rows) {
    const d = byDate.get(r.date) ?? {}
    d[r.driver] = (d[r.driver] ?? 0) + r.value
    byDate.set(r.date, d)
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, drivers]) => ({ date, load: predictLoad(model, drivers) }))
}

/** First projected date at or above the breakpoint, or null with the highest projected load. */
export function projectedBreach(load: readonly ProjectedLoad[], breakpoint: number): { date: string | null; reason: string } {
  const hit = load.find((l) => l.load >= breakpoint)
  if (hit)
    return { date: hit.date, reason: `projected load ${hit.load.toFixed(1)} reaches the breakpoint ${breakpoint} on ${hit.date}` }
  const max = load.reduce((m, l) => Math.max(m, l.load), -Infinity)
  return {
    date: null,
    reason: load.length
      ? `projected load peaks at ${max.toFixed(1)}, below the breakpoint ${breakpoint}, up to ${load[load.length - 1]?.date}`
      : 'the driver forecast has no rows',
  }
}
