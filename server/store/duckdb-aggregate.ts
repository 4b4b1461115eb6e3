// Store.aggregate() on DuckDB: buckets of every requested series in ONE
// GROUP BY (from the hourly rollup when step, offset and bounds are whole
// hours, else from raw points), streamed a chunk (2 048 rows) at a time so
// a 10 000-series read never holds the event loop for the whole result.
import type { DuckDBValue } from '@duckdb/node-api'
import { toNumber, toText, type DuckDbConnection } from './duckdb-connection.ts'
import { refreshRollup } from './duckdb-range.ts'
import { ROLLUP_MS, floorTo } from './duckdb-sql.ts'
import { cleanTags, decodeTags, tagsExcluded } from './tags.ts'
import { checkAggregateQuery } from './aggregate-query.ts'
import type { AggregateQuery, AggregateResult, Bucket } from './types.ts'

/** Encoded tag sets in the window that carry an excluded tag value (few: tag sets, not points). */
async function excludedTagSets(db: DuckDbConnection, table: string, col: string, q: AggregateQuery): Promise<string[]> {
  const exclude = cleanTags(q.excludeTags)
  if (!exclude) return []
  const found = await db.rows(`SELECT DISTINCT tags FROM ${table} WHERE ${col} >= $1 AND ${col} < $2 AND tags <> ''`, [
    BigInt(q.from.getTime()),
    BigInt(q.to.getTime()),
  ])
  return found.map((r) => toText(r[0], 'tags')).filter((t) => tagsExcluded(decodeTags(t), exclude))
}

export async function readDuckDbAggregate(db: DuckDbConnection, q: AggregateQuery): Promise<AggregateResult> {
  checkAggregateQuery(q)
  const offset = q.offsetMs ?? 0
  const hourly = (n: number): boolean => n % ROLLUP_MS === 0
  const fromRollup = hourly(q.stepMs) && hourly(offset) && hourly(q.from.getTime()) && hourly(q.to.getTime())
  if (fromRollup) await refreshRollup(db)
  const [table, col, mean, max, count] = fromRollup
    ? ['rollup_1h', 'bucket', 'sum(sum) / sum(count)', 'max(max)', 'sum(count)']
    : ['points', 'ts', 'avg(value)', 'max(value)', 'count(*)']
  const values: DuckDBValue[] = [BigInt(q.from.getTime()), BigInt(q.to.getTime()), BigInt(q.stepMs), BigInt(offset)]
  let where = `${col} >= $1 AND ${col} < $2`
  const excluded = await excludedTagSets(db, table, col, q)
  if (excluded.length > 0) {
    where += ` AND tags NOT IN (${excluded.map((_, i) => `$${values.length + 1 + i}`).join(', ')})`
    values.push(...excluded)
  }
  const wanted = q.series ? new Set(q.series.map((s) => `${s.app}/${s.metric}`)) : null
  if (q.series) {
    const apps = [...new Set(q.series.map((s) => s.app))]
    if (apps.length === 0) return new Map()
    where += ` AND app IN (${apps.map((_, i) => `$${values.length + 1 + i}`).join(', ')})`
    values.push(...apps)
  }
  const bucket = `(${floorTo(`(${col} - $4)`, '$3')} + $4)`
  const sql = `SELECT app, metric, ${bucket} AS b, ${mean}, ${max}, ${count} FROM ${table} WHERE ${where}
    GROUP BY app, metric, b ORDER BY app, metric, b`
  const out: AggregateResult = new Map()
  const result = await (await db.get()).stream(sql, values)
  let key = ''
  let list: Bucket[] = []
  for (;;) {
    const chunk = await result.fetchChunk()
    if (!chunk || chunk.rowCount === 0) break
    for (const r of chunk.getRows()) {
      const k = `${toText(r[0], 'app')}/${toText(r[1], 'metric')}`
      if (k !== key) {
        key = k
        list = out.get(k) ?? []
        if (!wanted || wanted.has(k)) out.set(k, list)
      }
      list.push({
        at: new Date(toNumber(r[2], 'bucket')),
        mean: toNumber(r[3], 'mean'),
        max: toNumber(r[4], 'max'),
        count: toNumber(r[5], 'count'),
      })
    }
  }
  return out
}

/** Latest value per series, only among points at or after `since` (a poll of what arrived lately). */
export const LATEST_SINCE_SQL =
  'SELECT app, metric, tags, arg_max(value, ts), max(ts) FROM points WHERE ts >= $1 GROUP BY app, metric, tags ORDER BY app, metric, tags'
