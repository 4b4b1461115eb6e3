// Replay of a recorded series (e.g. the NAB nyc_taxi file) as one of the
// simulator's outputs, so a demo or a test can run on real-world shapes
// (holidays, anomalies, uneven weeks) instead of the synthetic model.
// The recording is shifted by whole weeks so that it ends at or just before
// "now" (weekday and time of day stay as recorded), and with `loop` it
// repeats with its own length as the period. The shift is fixed the first
// time a config is used, so values never jump while the process runs.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parse } from 'csv-parse/sync'
import { parseTimestamp } from '../csv/time.ts'
import { medianStepMs } from './replay-math.ts'
import type { ReplayConfig } from './config.ts'

export interface ReplaySeries {
  file: string
  /** Sample times (ms, ascending) and values as recorded, scale applied. */
  times: number[]
  values: number[]
  /** Length of one loop: first to last plus one usual step. */
  periodMs: number
}

const WEEK_MS = 7 * 86_400_000
const loaded = new Map<string, Promise<ReplaySeries>>()
const shifts = new WeakMap<ReplayConfig, number>()

export class ReplayFileError extends Error {}

/** Parses a recording; the error names file:line and column. */
export function parseReplay(
  text: string,
  file: string,
  cfg: Pick<ReplayConfig, 'timeColumn' | 'valueColumn' | 'scale'>,
): ReplaySeries {
  const rows: unknown = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true })
  if (!Array.isArray(rows) || rows.length < 3) throw new ReplayFileError(`${file}: a replay needs a header and at least two rows`)
  const header = (rows[0] as unknown[]).map((h) => String(h).trim().toLowerCase())
  const ti = header.indexOf(cfg.timeColumn.toLowerCase())
  const vi = header.indexOf(cfg.valueColumn.toLowerCase())
  if (ti < 0 || vi < 0) {
    const missing = ti < 0 ? cfg.timeColumn : cfg.valueColumn
    throw new ReplayFileError(
      `${file}:1 header: no column '${missing}' (found: ${header.join(', ')}); set timeColumn/valueColumn`,
    )
  }
  const pairs: [number, number][] = []
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as unknown[]
    const at = parseTimestamp(String(row[ti] ?? ''))
    if ('error' in at) throw new ReplayFileError(`${file}:${i + 1} ${cfg.timeColumn}: ${at.error}`)
    const value = Number(String(row[vi] ?? '').trim())
    if (String(row[vi] ?? '').trim() === '' || !Number.isFinite(value)) {
      throw new ReplayFileError(`${file}:${i + 1} ${cfg.valueColumn}: expected a number, got '${String(row[vi] ?? '')}'`)
    }
    pairs.push([at.ms, value * cfg.scale])
  }
  pairs.sort((a, b) => a[0] - b[0])
  const times = pairs.map((p) => p[0])
  const values = pairs.map((p) => p[1])
  const step = medianStepMs(times)
  return { file, times, values, periodMs: times[times.length - 1]! - times[0]! + step }
}

/** Loads once per (path, column, scale) and shares it between live collection and backfill. */
export function loadReplay(cfg: ReplayConfig): Promise<ReplaySeries> {
  const path = resolve(cfg.file)
  const key = `${path}|${cfg.timeColumn}|${cfg.valueColumn}|${cfg.scale}`
  let p = loaded.get(key)
  if (!p) {
    p = readFile(path, 'utf8').then(
      (text) => parseReplay(text, cfg.file, cfg),
      (err: unknown) => {
        const code = err instanceof Error && 'code' in err ? String(err.code) : String(err)
        throw new ReplayFileError(`${cfg.file}: cannot read ${path} (${code})`)
      },
    )
    // A failed load is retried on the next run (the file may appear).
    p.catch(() => loaded.delete(key))
    loaded.set(key, p)
  }
  return p
}

/** Whole weeks that move the recording's end to at or before `now` ('none': 0). Fixed per config on first use. */
export function shiftFor(cfg: ReplayConfig, series: ReplaySeries, now: number): number {
  if (cfg.timeShift === 'none') return 0
  let shift = shifts.get(cfg)
  if (shift === undefined) {
    const last = series.times[series.times.length - 1]!
    shift = Math.floor((now - last) / WEEK_MS) * WEEK_MS
    shifts.set(cfg, shift)
  }
  return shift
}

/**
 * Value at time t (linear between recorded points), or null outside the
 * recording when it does not loop. Looping wraps from the last point back
 * to the first over one usual step.
 */
export function replayValueAt(series: ReplaySeries, shiftMs: number, loop: boolean, t: number): number | null {
  const { times, values } = series
  const first = times[0]!
  const last = times[times.length - 1]!
  let o = t - shiftMs
  if (loop) o = first + ((((o - first) % series.periodMs) + series.periodMs) % series.periodMs)
  else if (o < first || o > last) return null
  if (o >= last) {
    if (!loop || o === last) return values[values.length - 1]!
    const f = (o - last) / (first + series.periodMs - last)
    return values[values.length - 1]! + f * (values[0]! - values[values.length - 1]!)
  }
  let lo = 0
  let hi = times.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (times[mid]! <= o) lo = mid
    else hi = mid
  }
  const span = times[hi]! - times[lo]!
  const f = span === 0 ? 0 : (o - times[lo]!) / span
  return values[lo]! + f * (values[hi]! - values[lo]!)
}
