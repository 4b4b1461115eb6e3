// One canonical, reversible string per tag set, so a series key is a plain
// column (DuckDB) or map key (caches) and two writes of the same tags in a
// different key order land in the same series.
//
// Empty values are dropped: InfluxDB cannot store an empty tag value, and the
// two stores must agree on what a series is.

const SPECIAL = /[\\,=]/g

function escapePart(s: string): string {
  return s.includes('\\') || s.includes(',') || s.includes('=') ? s.replace(SPECIAL, (c) => `\\${c}`) : s
}

/** `{ node: 'a', site: 'north' }` -> `"node=a,site=north"`; no tags -> `""`. */
export function encodeTags(tags: Readonly<Record<string, string>> | undefined): string {
  if (!tags) return ''
  // Fast path for the common one-tag case (site or node): no sort, no regex unless needed.
  const allKeys = Object.keys(tags)
  if (allKeys.length === 1) {
    const k = allKeys[0] as string
    const v = tags[k]
    if (v === undefined || v === '') return ''
    return `${escapePart(k)}=${escapePart(v)}`
  }
  const keys = allKeys.filter((k) => tags[k] !== undefined && tags[k] !== '').sort()
  return keys.map((k) => `${escapePart(k)}=${escapePart(tags[k] as string)}`).join(',')
}

/** Inverse of encodeTags. Throws on a string encodeTags could not have made. */
export function decodeTags(encoded: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (encoded === '') return out
  let key: string | null = null
  let current = ''
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i] as string
    if (c === '\\') {
      current += encoded[++i] ?? ''
    } else if (c === '=' && key === null) {
      key = current
      current = ''
    } else if (c === ',') {
      if (key === null) throw new Error(`malformed tag string ${JSON.stringify(encoded)}: missing "="`)
      out[key] = current
      key = null
      current = ''
    } else {
      current += c
    }
  }
  if (key === null) throw new Error(`malformed tag string ${JSON.stringify(encoded)}: missing "="`)
  out[key] = current
  return out
}

/** The tags with empty values removed, or undefined when none are left (the shape stores return). */
export function cleanTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(tags)) if (v !== '') out[k] = v
  return Object.keys(out).length > 0 ? out : undefined
}

/** True when `tags` carries every key/value of `filter`. */
export function tagsMatch(tags: Readonly<Record<string, string>>, filter: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(filter)) if (tags[k] !== v) return false
  return true
}

/** True when `tags` carries any one key/value of `exclude` (RangeQuery.excludeTags). */
export function tagsExcluded(tags: Readonly<Record<string, string>>, exclude: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(exclude)) if (tags[k] === v) return true
  return false
}
