// Per-metric results keyed on a series version: when one metric's series
// changes, only that metric is recomputed. The cache holds values only; it
// never reads a clock, so results stay a function of (config, series, now).
export interface VersionedCache<T> {
  /** The cached value when `version` matches, else computes, stores and returns it. */
  get(key: string, version: string | number, compute: () => T): T
  readonly hits: number
  readonly misses: number
}

export function createVersionedCache<T>(): VersionedCache<T> {
  const entries = new Map<string, { version: string | number; value: T }>()
  let hits = 0
  let misses = 0
  return {
    get(key, version, compute) {
      const e = entries.get(key)
      if (e && e.version === version) {
        hits++
        return e.value
      }
      misses++
      const value = compute()
      entries.set(key, { version, value })
      return value
    },
    get hits() {
      return hits
    },
    get misses() {
      return misses
    },
  }
}
