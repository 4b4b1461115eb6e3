// Bucketed reads: InfluxQL mean/max/count GROUP BY time(step), with tag
// filters; a point without a filtered tag reads as '' so != keeps it.
import { queryInflux, type Connection } from './influx-connection.ts'
import { numberAt } from './influx-results.ts'
import { ident, stringLit, tagConditions, timeLit } from './influxql.ts'
import { cleanTags } from './tags.ts'
import type { Bucket, RangeQuery } from './types.ts'

export async function readInfluxRange(c: Connection, from: string, q: RangeQuery): Promise<Bucket[]> {
  if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
    throw new Error(`range(${q.app}/${q.metric}): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
  }
  const filter = cleanTags(q.tags)
  const exclude = cleanTags(q.excludeTags)
  // A point without the tag reads as '' in InfluxQL, so != keeps it.
  const tagClause =
    (filter ? ` AND ${tagConditions(filter)}` : '') +
    (exclude
      ? ` AND ${Object.entries(exclude)
          .map(([k, v]) => `${ident(k)} != ${stringLit(v)}`)
          .join(' AND ')}`
      : '') +
    // ... and = '' keeps only points without the tag.
    (q.excludeTagKeys ?? []).map((k) => ` AND ${ident(k)} = ''`).join('')
  const series = await queryInflux(
    c,
    `SELECT mean("value"), max("value"), count("value") FROM ${from}` +
      ` WHERE "app" = ${stringLit(q.app)} AND "metric" = ${stringLit(q.metric)}` +
      ` AND time >= ${timeLit(q.from)} AND time < ${timeLit(q.to)}${tagClause}` +
      ` GROUP BY time(${q.stepMs}ms) fill(none)`,
  )
  const rows = series[0]?.values ?? []
  return rows.map((r) => ({
    at: new Date(numberAt(r, 0, 'time')),
    mean: numberAt(r, 1, 'mean'),
    max: numberAt(r, 2, 'max'),
    count: numberAt(r, 3, 'count'),
  }))
}
