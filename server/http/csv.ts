// CSV for downloads (upgrades, peak profiles): RFC 4180 quoting, and a
// leading apostrophe on cells a spreadsheet would run as a formula.
import type { Response } from 'express'

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value)
  if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n')}\n`
}

export function sendDownload(res: Response, fileName: string, type: 'text/csv' | 'application/json', body: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
  res.type(type === 'text/csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(body)
}

/** ?format= as one of `allowed`, default the first; 400 naming the parameter otherwise. */
export function formatOf<T extends string>(raw: unknown, allowed: readonly T[]): T | Error {
  if (raw === undefined || raw === '') return allowed[0] as T
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T
  return new Error(`query parameter format must be one of ${allowed.join(', ')}; got "${String(raw)}"`)
}
