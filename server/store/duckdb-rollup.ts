// The DuckDB store's rollups, kept exact lazily: a write records which
// series and hours it touched (rollup_dirty_series); the next rollup read
// recomputes exactly those series' hours from points, then their days from
// the hours. Per series, not per hour of every series: once raw points age
// out (duckdb-retention.ts), recomputing an hour for every series would wipe
// the rollups of series whose points are gone.
//
//   rollup_1h  hourly sum/max/count per series: 90-day charts, the engine
//   rollup_1d  daily sum/max/count per series (from rollup_1h): a year at a glance
import { toNumber, type DuckDbConnection } from './duckdb-connection.ts'
import { REFRESH_ROLLUP, ROLLUP_MS, floorTo, mergeIntervals } from './duckdb-sql.ts'

export const DAY_ROLLUP_MS = 86_400_000

const H = String(ROLLUP_MS)
const D = String(DAY_ROLLUP_MS)

const sameSeries = (a: string, b: string): string => `${a}.app = ${b}.app AND ${a}.metric = ${b}.metric AND ${a}.tags = ${b}.tags`
/** The whole days covering [lo, hi). */
const dayLo = (col: string): string => floorTo(col, D)
const dayHi = (col: string): string => `${floorTo(`(${col} - 1)`, D)} + ${D}`

const REFRESH_SERIES = [
  `CREATE OR REPLACE TEMP TABLE rollup_work AS
   SELECT app, metric, tags, min(lo) AS lo, max(hi) AS hi FROM rollup_dirty_series GROUP BY app, metric, tags`,
  `DELETE FROM rollup_1h r USING rollup_work d WHERE ${sameSeries('r', 'd')} AND r.bucket >= d.lo AND r.bucket < d.hi`,
  `INSERT INTO rollup_1h
   SELECT p.app, p.metric, p.tags, ${floorTo('p.ts', H)} AS bucket, sum(p.value), max(p.value), count(*)
   FROM points p JOIN rollup_work d ON ${sameSeries('p', 'd')} AND p.ts >= d.lo AND p.ts < d.hi
   GROUP BY p.app, p.metric, p.tags, bucket`,
  `DELETE FROM rollup_1d r USING rollup_work d
   WHERE ${sameSeries('r', 'd')} AND r.bucket >= ${dayLo('d.lo')} AND r.bucket < ${dayHi('d.hi')}`,
  `INSERT INTO rollup_1d
   SELECT h.app, h.metric, h.tags, ${floorTo('h.bucket', D)} AS day, sum(h.sum), max(h.max), sum(h.count)
   FROM rollup_1h h JOIN rollup_work d ON ${sameSeries('h', 'd')} AND h.bucket >= ${dayLo('d.lo')} AND h.bucket < ${dayHi('d.hi')}
   GROUP BY h.app, h.metric, h.tags, day`,
  'DELETE FROM rollup_dirty_series',
  'DROP TABLE rollup_work',
]

/** Days of every series for hours [$1, $2): the old per-hour dirty list (files written before rollup_dirty_series). */
const REFRESH_DAYS = [
  `DELETE FROM rollup_1d WHERE bucket >= ${dayLo('$1')} AND bucket < ${dayHi('$2')}`,
  `INSERT INTO rollup_1d
   SELECT app, metric, tags, ${floorTo('bucket', D)} AS day, sum(sum), max(max), sum(count)
   FROM rollup_1h WHERE bucket >= ${dayLo('$1')} AND bucket < ${dayHi('$2')} GROUP BY app, metric, tags, day`,
]

/** Brings both rollups up to date with every write since the last refresh, in one transaction. */
export async function refreshRollups(db: DuckDbConnection): Promise<void> {
  const series = await db.rows('SELECT 1 FROM rollup_dirty_series LIMIT 1')
  const legacy = await db.rows('SELECT lo, hi FROM rollup_dirty')
  if (series.length === 0 && legacy.length === 0) return
  const c = await db.get()
  await c.run('BEGIN TRANSACTION')
  try {
    const intervals = mergeIntervals(legacy.map((r): [number, number] => [toNumber(r[0], 'lo'), toNumber(r[1], 'hi')]))
    for (const [lo, hi] of intervals)
      for (const sql of [...REFRESH_ROLLUP, ...REFRESH_DAYS]) await c.run(sql, [BigInt(lo), BigInt(hi)])
    if (legacy.length > 0) await c.run('DELETE FROM rollup_dirty')
    if (series.length > 0) for (const sql of REFRESH_SERIES) await c.run(sql)
    await c.run('COMMIT')
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined)
    throw err
  }
}
