// Maps InfluxQL result series to samples. Pure, so the rules (which column,
// which row, which tag names the application) are testable without a server.
import type { Sample } from '../../types.ts'
import type { InfluxSeries } from './api.ts'
import type { InfluxQuery } from './config.ts'

export interface Mapped {
  samples: Sample[]
  problems: string[]
}

function describe(s: InfluxSeries): string {
  const tags = Object.entries(s.tags).map(([k, v]) => `${k}=${v}`)
  return tags.length > 0 ? `${s.name}{${tags.join(',')}}` : s.name
}

function valueColumn(s: InfluxSeries, query: InfluxQuery): number | string {
  const others = s.columns.filter((c) => c !== 'time')
  if (query.field !== undefined) {
    const i = s.columns.indexOf(query.field)
    return i >= 0 ? i : `series ${describe(s)} has no column "${query.field}" (columns: ${others.join(', ')})`
  }
  if (others.length === 1 && others[0] !== undefined) return s.columns.indexOf(others[0])
  return `series ${describe(s)} has columns ${others.join(', ')}; set "field" to the one holding the value`
}

function appFor(s: InfluxSeries, query: InfluxQuery): string | { problem: string } {
  if (query.app !== undefined) return query.app
  const tag = query.appTag ?? ''
  const value = s.tags[tag]
  if (value === undefined || value === '')
    return { problem: `series ${describe(s)} has no tag "${tag}" for the application (add GROUP BY "${tag}")` }
  if (query.appMap === undefined) return value
  return query.appMap[value] ?? { problem: `tag ${tag}=${value} is not in appMap` }
}

/**
 * Samples for one query's series. Rows with a null value (fill(null), empty
 * GROUP BY time buckets) are skipped. A row time of 0 means InfluxDB had no
 * lower time bound to report, so the collection time stands in.
 */
export function mapInfluxSeries(series: InfluxSeries[], query: InfluxQuery, now: Date): Mapped {
  const out: Mapped = { samples: [], problems: [] }
  for (const s of series) {
    const column = valueColumn(s, query)
    if (typeof column === 'string') {
      out.problems.push(column)
      continue
    }
    const app = appFor(s, query)
    if (typeof app !== 'string') {
      out.problems.push(app.problem)
      continue
    }
    const missing = query.tags.filter((t) => s.tags[t] === undefined)
    if (missing.length > 0) {
      out.problems.push(`series ${describe(s)} lacks tag(s) ${missing.join(', ')} (add them to GROUP BY)`)
      continue
    }
    const tags: Record<string, string> = { ...query.staticTags }
    for (const t of query.tags) tags[t] = s.tags[t] ?? ''
    const timeIndex = s.columns.indexOf('time')
    const rows: Sample[] = []
    for (const row of s.values) {
      const raw = row[column]
      if (raw === null || raw === undefined) continue
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        out.problems.push(`series ${describe(s)} column "${s.columns[column]}" holds ${JSON.stringify(raw)}, not a number`)
        break
      }
      const t = timeIndex >= 0 ? row[timeIndex] : null
      const at = typeof t === 'number' && t > 0 ? new Date(t) : now
      const sample: Sample = { app, metric: query.metric, value: raw, at }
      if (Object.keys(tags).length > 0) sample.tags = { ...tags }
      rows.push(sample)
    }
    if (query.rows === 'all') out.samples.push(...rows)
    else {
      // Newest row wins whatever ORDER BY the query used.
      const newest = rows.reduce<Sample | undefined>((best, r) => (best === undefined || r.at >= best.at ? r : best), undefined)
      if (newest) out.samples.push(newest)
    }
  }
  return out
}
