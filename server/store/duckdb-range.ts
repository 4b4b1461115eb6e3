// Bucketed reads: from the hourly rollup when step and bounds are whole
// hours (brought up to date first), else from raw points. Tag filters are
// resolved to the matching encoded tag sets before the query.
import type { DuckDBValue } from '@duckdb/node-api'
import { toNumber, toText, type DuckDbConnection } from './duckdb-connection.ts'
import { REFRESH_ROLLUP, ROLLUP_MS, mergeIntervals, rangeSql } from './duckdb-sql.ts'
import { cleanTags, decodeTags, tagsExcluded, tagsMatch } from './tags.ts'
import type { Bucket, RangeQuery } from './types.ts'

/** Brings the rollup up to date for every hour written since the last refresh (see duckdb-sql.ts). */
export async function refreshRollup(db: DuckDbConnection): Promise<void> {
  const dirty = await db.rows('SELECT lo, hi FROM rollup_dirty')
  if (dirty.length === 0) return
  const c = await db.get()
  const intervals = mergeIntervals(dirty.map((r): [number, number] => [toNumber(r[0], 'lo'), toNumber(r[1], 'hi')]))
  await c.run('BEGIN TRANSACTION')
  try {
    for (const [lo, hi] of intervals) {
      for (const sql of REFRESH_ROLLUP) await c.run(sql, [BigInt(lo), BigInt(hi)])
    }
    await c.run('DELETE FROM rollup_dirty')
    await c.run('COMMIT')
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined)
    throw err
  }
}

/** The encoded tag strings of app/metric that carry every tag of `filter` and none of `exclude`. */
async function matchingTagSets(
  db: DuckDbConnection,
  q: RangeQuery,
  filter: Record<string, string>,
  exclude: Record<string, string>,
): Promise<string[]> {
  const found = await db.rows('SELECT DISTINCT tags FROM points WHERE app = $1 AND metric = $2', [q.app, q.metric])
  return found
    .map((r) => toText(r[0], 'tags'))
    .filter((t) => {
      const tags = decodeTags(t)
      return tagsMatch(tags, filter) && !tagsExcluded(tags, exclude)
    })
}

export async function readDuckDbRange(db: DuckDbConnection, q: RangeQuery): Promise<Bucket[]> {
  if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
    throw new Error(`range(${q.app}/${q.metric}): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
  }
  const values: DuckDBValue[] = [q.app, q.metric, BigInt(q.from.getTime()), BigInt(q.to.getTime()), BigInt(q.stepMs)]
  let tagClause = ''
  const filter = cleanTags(q.tags)
  const exclude = cleanTags(q.excludeTags)
  if (filter || exclude) {
    const sets = await matchingTagSets(db, q, filter ?? {}, exclude ?? {})
    if (sets.length === 0) return []
    tagClause = ` AND tags IN (${sets.map((_, i) => `$${values.length + 1 + i}`).join(', ')})`
    values.push(...sets)
  }
  const hourly = (n: number): boolean => n % ROLLUP_MS === 0
  const fromRollup = hourly(q.stepMs) && hourly(q.from.getTime()) && hourly(q.to.getTime())
  if (fromRollup) await refreshRollup(db)
  const found = await db.rows(rangeSql(fromRollup, tagClause), values)
  return found.map((r) => ({
    at: new Date(toNumber(r[0], 'bucket')),
    mean: toNumber(r[1], 'mean'),
    max: toNumber(r[2], 'max'),
    count: toNumber(r[3], 'count'),
  }))
}
