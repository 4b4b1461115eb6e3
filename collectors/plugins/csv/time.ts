// Timestamps in imported files. The same text must always give the same
// instant (re-importing a file must land on the same points, which the
// stores treat as one), so there is no "local time of this machine": text
// without a zone is UTC, and the README says so.
const isoLike = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/** Milliseconds since the epoch, or an error sentence quoting the text. */
export function parseTimestamp(text: string): { ms: number } | { error: string } {
  const t = text.trim()
  if (/^\d{9,13}$/.test(t)) {
    // Epoch numbers: 10 digits are seconds (until 2286), 13 are milliseconds.
    const n = Number(t)
    return { ms: t.length >= 12 ? n : n * 1000 }
  }
  const m = isoLike.exec(t)
  if (!m) return { error: `expected a date like 2025-06-30, 2025-06-30 14:30:00 or 2025-06-30T14:30:00Z, got '${text}'` }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const ms = Number(frac.padEnd(3, '0').slice(0, 3))
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms)
  const check = new Date(utc)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return { error: `'${text}' is not a real date and time` }
  }
  return { ms: utc - zoneOffsetMs(zone) }
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000
}
