// Store.aggregate() on DuckDB: buckets of every requested series in ONE
// GROUP BY (from the daily rollup when step, offset and bounds are whole
// days, the hourly one when they are whole hours, else from raw points),
// streamed a chunk (2 048 rows) at a time so a 10 000-series read never
// holds the event loop for the whole result.
import { DuckDBListValue, type DuckDBResult, type DuckDBValue } from '@duckdb/node-api'
import { toNumber, toText, type DuckDbConnection } from './duckdb-connection.ts'
import { refreshRollup } from './duckdb-range.ts'
import { DAY_ROLLUP_MS } from './duckdb-rollup.ts'
import { ROLLUP_MS, floorTo } from './duckdb-sql.ts'
import { slicer } from '../turns.ts'
import { cleanTags, decodeTags, tagsExcluded } from './tags.ts'
import { checkAggregateQuery } from './aggregate-query.ts'
import type { AggregateQuery, AggregateResult, Bucket } from './types.ts'

/** Encoded tag sets in the window that carry an excluded tag value or key (few: tag sets, not points). */
async function excludedTagSets(db: DuckDbConnection, table: string, col: string, q: AggregateQuery): Promise<string[]> {
  const exclude = cleanTags(q.excludeTags)
  const keys = q.excludeTagKeys ?? []
  if (!exclude && keys.length === 0) return []
  const found = await db.rows(`SELECT DISTINCT tags FROM ${table} WHERE ${col} >= $1 AND ${col} < $2 AND tags <> ''`, [
    BigInt(q.from.getTime()),
    BigInt(q.to.getTime()),
  ])
  return found
    .map((r) => toText(r[0], 'tags'))
    .filter((t) => {
      const tags = decodeTags(t)
      return (exclude !== undefined && tagsExcluded(tags, exclude)) || keys.some((k) => k in tags)
    })
}

/** The coarsest table holding exact buckets of this width, offset and window. */
function sourceOf(q: AggregateQuery): { table: string; col: string; mean: string; max: string; count: string } {
  const aligned = (width: number): boolean =>
    [q.stepMs, q.offsetMs ?? 0, q.from.getTime(), q.to.getTime()].every((n) => n % width === 0)
  if (aligned(DAY_ROLLUP_MS) || aligned(ROLLUP_MS)) {
    const table = aligned(DAY_ROLLUP_MS) ? 'rollup_1d' : 'rollup_1h'
    return { table, col: 'bucket', mean: 'sum(sum) / sum(count)', max: 'max(max)', count: 'sum(count)' }
  }
  return { table: 'points', col: 'ts', mean: 'avg(value)', max: 'max(value)', count: 'count(*)' }
}

export async function readDuckDbAggregate(db: DuckDbConnection, q: AggregateQuery): Promise<AggregateResult> {
  checkAggregateQuery(q)
  const { table, col, mean, max, count } = sourceOf(q)
  if (table !== 'points') await refreshRollup(db)
  // Window, step and offset are whole numbers (checkAggregateQuery) written into the SQL as literals:
  // as parameters, DuckDB evaluated the bucket arithmetic generically, 3.7x slower on 2 M hourly rows.
  const literal = (n: number): string => BigInt(n).toString()
  const [from, to, step, offset] = [
    literal(q.from.getTime()),
    literal(q.to.getTime()),
    literal(q.stepMs),
    literal(q.offsetMs ?? 0),
  ]
  const values: DuckDBValue[] = []
  let where = `${col} >= ${from} AND ${col} < ${to}`
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
  const bucket = `(${floorTo(`(${col} - ${offset})`, step)} + ${offset})`
  // DOUBLEs come back as JS numbers; BIGINT and HUGEINT as BigInts, converted one by one.
  const buckets = `SELECT app, metric, ${bucket}::DOUBLE AS b, (${mean})::DOUBLE AS mean, (${max})::DOUBLE AS mx, (${count})::DOUBLE AS n
    FROM ${table} WHERE ${where} GROUP BY app, metric, b`
  const keep = (k: string): boolean => !wanted || wanted.has(k)
  const connection = await db.get()
  const expected = q.series ? q.series.length * (Math.ceil((q.to.getTime() - q.from.getTime()) / q.stepMs) + 1) : Infinity
  return expected <= LIST_READ_MAX_BUCKETS
    ? readAsLists(
        await connection.stream(
          `WITH d AS (${buckets}) SELECT app, metric, list(b), list(mean), list(mx), list(n) FROM d GROUP BY app, metric`,
          values,
        ),
        keep,
      )
    : readAsRows(await connection.stream(`${buckets} ORDER BY app, metric, b`, values), keep)
}

/**
 * Up to this many buckets come back as one row of lists per series: the app and metric names
 * are converted once per series instead of once per bucket (10 000 series x 30 days: 380 ms of
 * event loop against 70). DuckDB holds the lists in memory, so a larger read streams rows.
 */
const LIST_READ_MAX_BUCKETS = 2_000_000

const bucketOf = (at: DuckDBValue, mean: DuckDBValue, max: DuckDBValue, count: DuckDBValue): Bucket => ({
  at: new Date(toNumber(at, 'bucket')),
  mean: toNumber(mean, 'mean'),
  max: toNumber(max, 'max'),
  count: toNumber(count, 'count'),
})

function itemsOf(v: DuckDBValue | undefined, what: string): readonly DuckDBValue[] {
  if (v instanceof DuckDBListValue) return v.items
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a list`)
}

async function readAsLists(result: DuckDBResult, keep: (key: string) => boolean): Promise<AggregateResult> {
  const out: AggregateResult = new Map()
  // One chunk of lists is up to 2 048 series (a 1 000-metric estate's whole 90 days: 80-95 ms in one go).
  const checkpoint = slicer()
  for (;;) {
    const chunk = await result.fetchChunk()
    if (!chunk || chunk.rowCount === 0) break
    const [apps, metrics, at, means, maxes, counts] = chunk.getColumns() as DuckDBValue[][]
    for (let i = 0; i < chunk.rowCount; i++) {
      await checkpoint()
      const key = `${toText(apps?.[i], 'app')}/${toText(metrics?.[i], 'metric')}`
      if (!keep(key)) continue
      // The four lists of one group are aggregated over the same rows in the same order.
      const [t, m, x, n] = [
        itemsOf(at?.[i], 'bucket'),
        itemsOf(means?.[i], 'mean'),
        itemsOf(maxes?.[i], 'max'),
        itemsOf(counts?.[i], 'count'),
      ]
      const list = t.map((_, j) => bucketOf(t[j] ?? null, m[j] ?? null, x[j] ?? null, n[j] ?? null))
      // A list's order is the order rows reached the aggregate, not the buckets' order.
      list.sort((a, b) => a.at.getTime() - b.at.getTime())
      out.set(key, list)
    }
  }
  return out
}

async function readAsRows(result: DuckDBResult, keep: (key: string) => boolean): Promise<AggregateResult> {
  const out: AggregateResult = new Map()
  let key = ''
  let list: Bucket[] = []
  for (;;) {
    const chunk = await result.fetchChunk()
    if (!chunk || chunk.rowCount === 0) break
    // Column by column: half the conversion cost of row arrays.
    const [apps, metrics, at, means, maxes, counts] = chunk.getColumns() as DuckDBValue[][]
    for (let i = 0; i < chunk.rowCount; i++) {
      const k = `${toText(apps?.[i], 'app')}/${toText(metrics?.[i], 'metric')}`
      if (k !== key) {
        key = k
        list = out.get(k) ?? []
        if (keep(k)) out.set(k, list)
      }
      list.push(bucketOf(at?.[i] ?? null, means?.[i] ?? null, maxes?.[i] ?? null, counts?.[i] ?? null))
    }
  }
  return out
}

/** Latest value per series, only among points at or after `since` (a poll of what arrived lately). */
export const LATEST_SINCE_SQL =
  'SELECT app, metric, tags, arg_max(value, ts), max(ts) FROM points WHERE ts >= $1 GROUP BY app, metric, tags ORDER BY app, metric, tags'
