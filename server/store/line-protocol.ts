// InfluxDB line protocol, built by hand. The influx package's writePoints()
// re-parses and re-validates every point through generic schema code, which
// cost ~40 % of ingest throughput in bench/ingest.ts; our points have one
// fixed shape, so a direct string build is both simpler and faster.
import type { Point } from './types.ts'
import { StoreRejectedError } from './errors.ts'

/** Tag keys the schema uses itself; a sample tag with one of these names would be ambiguous. */
export const RESERVED_TAGS: ReadonlySet<string> = new Set(['app', 'metric', 'time'])

const NEEDS_ESCAPE = /[,= ]/

/**
 * Tag keys and values: comma, equals and space are escaped. Line protocol 1.x
 * has no escape for a backslash or a newline, so the write pipeline rejects
 * names holding them (validate.ts) rather than store something else.
 */
export function escapeTag(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/[,= ]/g, '\\$&') : s
}

/**
 * `capacity,app=ggsn,metric=pdp,site=north value=12.5 1700000000000\n` (ms precision).
 * Tag keys are sorted, as InfluxDB recommends for write speed; empty values are left out.
 * Throws StoreRejectedError for a reserved tag key (checked here to walk the keys once).
 */
export function toLine(measurement: string, p: Point): string {
  let line = `${measurement},app=${escapeTag(p.app)},metric=${escapeTag(p.metric)}`
  if (p.tags) {
    const keys = Object.keys(p.tags)
    if (keys.length > 1) keys.sort()
    for (const k of keys) {
      if (RESERVED_TAGS.has(k)) {
        throw new StoreRejectedError(`point ${p.app}/${p.metric} has a tag named "${k}", which the InfluxDB schema reserves`)
      }
      const v = p.tags[k]
      if (v !== undefined && v !== '') line += `,${escapeTag(k)}=${escapeTag(v)}`
    }
  }
  return `${line} value=${p.value} ${p.at.getTime()}\n`
}
