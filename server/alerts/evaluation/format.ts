// Numbers and dates as annotation text: what an on-call engineer reads in a
// chat message, so "91 %" and "1,250 sessions", never 0.91234 or 1250.0000001.

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  const abs = Math.abs(n)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  return n.toLocaleString('en-GB', { maximumFractionDigits: digits })
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${Math.round(fraction * 100)} %`
}

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '—'
  return `${Math.round(days)}`
}

export function textOr(v: string | null | undefined, fallback = '—'): string {
  return v === null || v === undefined || v === '' ? fallback : v
}
