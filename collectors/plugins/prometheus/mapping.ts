// Maps Prometheus result series to samples: which application (fixed or from
// a label), which metric, which labels become tags. Pure, so the rules are
// testable without a server. Problems come back as sentences, one per series.
import type { Sample } from '../../types.ts'
import type { PromSeries } from './api.ts'
import type { PrometheusQuery } from './config.ts'

export interface Mapped {
  samples: Sample[]
  problems: string[]
  /** Points dropped because PromQL produced NaN or ±Inf (0/0 ratios, empty rates). */
  nonFinite: number
}

function describeSeries(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  return `{${pairs.join(', ')}}`
}

function appFor(query: PrometheusQuery, labels: Record<string, string>): string | { problem: string } {
  if (query.app !== undefined) return query.app
  const label = query.appLabel ?? ''
  const value = labels[label]
  if (value === undefined || value === '')
    return { problem: `series ${describeSeries(labels)} has no label "${label}" for the application` }
  if (query.appMap === undefined) return value
  const mapped = query.appMap[value]
  return mapped ?? { problem: `label ${label}="${value}" is not in appMap` }
}

/** Samples for every finite point of every series; `from`/`to` bound range results ([from, to)). */
export function mapSeries(series: PromSeries[], query: PrometheusQuery, window?: { from: Date; to: Date }): Mapped {
  const out: Mapped = { samples: [], problems: [], nonFinite: 0 }
  for (const s of series) {
    const app = appFor(query, s.labels)
    if (typeof app !== 'string') {
      out.problems.push(app.problem)
      continue
    }
    const tags: Record<string, string> = { ...query.staticTags }
    const missing = query.tags.filter((name) => s.labels[name] === undefined)
    if (missing.length > 0) {
      out.problems.push(`series ${describeSeries(s.labels)} lacks tag label(s) ${missing.join(', ')}`)
      continue
    }
    for (const name of query.tags) tags[name] = s.labels[name] ?? ''
    for (const p of s.points) {
      if (!Number.isFinite(p.value)) {
        out.nonFinite += 1
        continue
      }
      if (window && (p.at < window.from || p.at >= window.to)) continue
      const sample: Sample = { app, metric: query.metric, value: p.value, at: p.at }
      if (Object.keys(tags).length > 0) sample.tags = { ...tags }
      out.samples.push(sample)
    }
  }
  return out
}
