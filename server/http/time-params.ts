// Parsing of time query parameters, with errors that name the parameter.
import { HttpError } from './errors.ts'

const DURATION = /^(\d+)(ms|s|m|h|d)$/
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "5m", "1h", "300000" (ms) -> milliseconds. */
export function parseStep(name: string, raw: unknown): number | null {
  if (raw === undefined || raw === '') return null
  if (typeof raw !== 'string') throw new HttpError(400, `${name} must be given once`)
  if (/^\d+$/.test(raw)) return positive(name, Number(raw))
  const m = DURATION.exec(raw)
  if (!m) throw new HttpError(400, `${name} must be milliseconds or a duration like "5m", "1h", "1d"; got "${raw}"`)
  return positive(name, Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1))
}

/** ISO time, epoch ms, or "now-7d" style relative to now. */
export function parseTime(name: string, raw: unknown, now: Date): Date | null {
  if (raw === undefined || raw === '') return null
  if (typeof raw !== 'string') throw new HttpError(400, `${name} must be given once`)
  if (raw === 'now') return now
  const rel = /^now-(\d+(?:ms|s|m|h|d))$/.exec(raw)
  if (rel?.[1]) return new Date(now.getTime() - (parseStep(name, rel[1]) ?? 0))
  const date = /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw)
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} must be an ISO time, epoch ms or "now-7d"; got "${raw}"`)
  return date
}

function positive(name: string, ms: number): number {
  if (ms <= 0) throw new HttpError(400, `${name} must be above 0`)
  return ms
}
