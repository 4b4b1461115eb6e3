// Bucketed reads: from the daily or hourly rollup when step and bounds are
// whole days or hours (brought up to date first), else from raw points. Tag filters are
// resolved to the matching encoded tag sets before the query.
import type { DuckDBValue } from '@duckdb/node-api'
import { toNumber, toText, type DuckDbConnection } from './duckdb-connection.ts'
import { DAY_ROLLUP_MS, refreshRollups } from './duckdb-rollup.ts'
import { ROLLUP_MS, rangeSql } from './duckdb-sql.ts'
import { cleanTags, decodeTags, tagsExcluded, tagsMatch } from './tags.ts'
import type { Bucket, RangeQuery } from './types.ts'

/** Brings the rollups up to date with every write since the last refresh (see duckdb-rollup.ts). */
export async function refreshRollup(db: DuckDbConnection): Promise<void> {
  await refreshRollups(db)
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
  const whole =
    (width: number) =>
    (n: number): boolean =>
      n % width === 0
  const aligned = (width: number): boolean => [q.stepMs, q.from.getTime(), q.to.getTime()].every(whole(width))
  // The coarsest rollup that answers exactly: a year of a one-minute series is 365 daily rows, not 525 600 points.
  const source = aligned(DAY_ROLLUP_MS) ? 'rollup_1d' : aligned(ROLLUP_MS) ? 'rollup_1h' : 'points'
  if (source !== 'points') await refreshRollups(db)
  const found = await db.rows(rangeSql(source, tagClause), values)
  return found.map((r) => ({
    at: new Date(toNumber(r[0], 'bucket')),
    mean: toNumber(r[1], 'mean'),
    max: toNumber(r[2], 'max'),
    count: toNumber(r[3], 'count'),
  }))
}
