// Whether two values would serialise to the same JSON, without serialising
// them. The live state asks this of every metric, tile and chain it
// recomputes (10 000 metrics: a JSON fingerprint per metric per tick was a
// gigabyte of strings a minute for the collector to sweep up).
/**
 * Same as JSON.stringify(a) === JSON.stringify(b) for plain data, except that
 * key order does not matter: absent and `undefined` properties are alike, as
 * are non-finite numbers and null. `skip` names one top-level property to
 * leave out of the comparison.
 */
export function sameJson(a: unknown, b: unknown, skip?: string): boolean {
  if (a === b) return true
  if (typeof a === 'number' || typeof b === 'number') return asJsonNumber(a) === asJsonNumber(b)
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  // JSON writes a Date as its ISO text; it has no own keys to compare.
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false
    return true
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let shared = 0
  for (const key in x) {
    if (key === skip || x[key] === undefined) continue
    if (y[key] === undefined || !sameJson(x[key], y[key])) return false
    shared++
  }
  for (const key in y) if (key !== skip && y[key] !== undefined) shared--
  return shared === 0
}

/** JSON writes NaN and ±Infinity as null; anything not a number stays as it is. */
function asJsonNumber(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v
}
