// Reading `timestamp,value` CSVs and reducing them to daily peaks exactly as
// protocol HP2 says: max of the raw samples per UTC day, first and last
// (incomplete) days dropped, missing days filled by linear interpolation.
import { readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fillGaps } from '../../server/capacity/forecast/daily-peak.ts'
import { DAY_MS, isoDay } from '../../server/capacity/forecast/types.ts'

export interface DailySeries {
  name: string
  values: number[]
  /** Date of values[0], YYYY-MM-DD. */
  firstDate: string
}

/** Epoch ms of a timestamp cell: epoch seconds or ms, or a date-time (UTC unless it names a zone). */
function parseTime(cell: string, where: string): number {
  const t = cell.trim()
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t)
    return n < 1e11 ? n * 1000 : n
  }
  const iso = t.replace(' ', 'T')
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(ms)) throw new Error(`${where} timestamp: not a date or epoch number: "${cell}"`)
  return ms
}

/** HP2 daily peaks of one CSV file. */
export function readDailySeries(path: string): DailySeries {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/)
  const peaks = new Map<number, number>()
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return
    const [t, v] = line.split(',')
    const value = Number(v)
    if (t === undefined || v === undefined || !Number.isFinite(value)) {
      throw new Error(`${path}:${i + 1} value: expected "timestamp,value" with a number, got "${line}"`)
    }
    const day = Math.floor(parseTime(t, `${path}:${i + 1}`) / DAY_MS)
    peaks.set(day, Math.max(peaks.get(day) ?? -Infinity, value))
  })
  const days = [...peaks.keys()].sort((a, b) => a - b)
  const first = (days[0] ?? 0) + 1
  const last = (days[days.length - 1] ?? 0) - 1
  const raw: (number | null)[] = []
  for (let d = first; d <= last; d++) raw.push(peaks.get(d) ?? null)
  return { name: basename(path), values: fillGaps(raw).filled, firstDate: isoDay(first * DAY_MS) }
}

/** Every `*.csv` in `dir` whose header is timestamp,value, sorted by name. */
export function readDir(dir: string): DailySeries[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .filter((f) => /^timestamp,value\s*$/i.test(readFileSync(join(dir, f), 'utf8').split(/\r?\n/)[0] ?? ''))
    .map((f) => readDailySeries(join(dir, f)))
}

/** Date of the value at index i. */
export function dateAt(s: DailySeries, i: number): string {
  return isoDay(Date.parse(`${s.firstDate}T00:00:00Z`) + i * DAY_MS)
}
