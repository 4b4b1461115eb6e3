// Display formatting only. The numbers themselves (headroom, utilisation,
// RAG) come from the server's capacity engine and are never recomputed here.
const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 })
const plain = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const small = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 })

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  if (abs >= 100_000) return compact.format(value)
  if (abs >= 1000) return whole.format(value)
  if (abs > 0 && abs < 10) return small.format(value)
  return plain.format(value)
}

/** `unit` is appended with a space except for '%'. */
export function formatValue(value: number | null | undefined, unit: string): string {
  const text = formatNumber(value)
  if (text === '—') return text
  return unit === '%' ? `${text} %` : `${text} ${unit}`
}

/** A fraction (0.42) as a percentage ("42 %"). */
export function formatFraction(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${Math.round(fraction * 100)} %`
}

export function formatClock(at: Date | string | null): string {
  if (at === null) return '—'
  const date = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

export function formatAgo(at: string | null, now: Date): string {
  if (at === null) return 'never'
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(at).getTime()) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  return `${Math.round(minutes / 60)} h ago`
}

export function ragLabel(rag: string): string {
  return rag === 'unknown' ? 'no data' : rag.toUpperCase()
}
