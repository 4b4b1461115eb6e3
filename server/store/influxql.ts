// InfluxQL quoting. App, metric and tag names come from config and from
// collected data, so every one is quoted here rather than pasted into a query.
// (The influx package's escaper does not escape a lone backslash, which would
// let `\'` end a literal early; these follow the InfluxQL scanner exactly.)

/** A string literal: 'it\'s'. */
export function stringLit(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** An identifier (database, retention policy, measurement, tag key): "my \"db\"". */
export function ident(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** An absolute time for a WHERE clause; InfluxQL integers are nanoseconds. */
export function timeLit(at: Date): string {
  const ms = at.getTime()
  if (!Number.isFinite(ms)) throw new Error('invalid date in an InfluxDB query')
  return `${BigInt(ms) * 1_000_000n}`
}

/** `"k1" = 'v1' AND "k2" = 'v2'`, or '' for no tags. */
export function tagConditions(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${ident(k)} = ${stringLit(v)}`)
    .join(' AND ')
}
