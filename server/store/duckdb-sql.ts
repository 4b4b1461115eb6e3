// The DuckDB store's SQL, in one place. Times are BIGINT epoch milliseconds.
//
// Idempotency is a delete-then-insert from a staging table, not a PRIMARY KEY
// with INSERT OR REPLACE: measured on 3M points, the ART index made bulk
// loads 2.3x and 5000-point batches 4x slower, and it grows with history.

/** Rollup bucket width. Range queries whose step and bounds are whole hours read the rollup. */
export const ROLLUP_MS = 3_600_000

/** `col` floored to a multiple of `width` (also correct before 1970, where % is negative). */
export function floorTo(col: string, width: string): string {
  return `(${col} - (((${col} % ${width}) + ${width}) % ${width}))`
}

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS points (
    app VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    ts BIGINT NOT NULL,
    value DOUBLE NOT NULL
  )`,
  // Hourly sum/max/count per series, so 90-day charts read ~60x fewer rows.
  // Kept exact lazily: a write only records the hours it touched in
  // rollup_dirty (maintaining the rollup inside every write made writes 2x
  // slower); the next rollup read recomputes those hours from points first.
  `CREATE TABLE IF NOT EXISTS rollup_1h (
    app VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    bucket BIGINT NOT NULL,
    sum DOUBLE NOT NULL,
    max DOUBLE NOT NULL,
    count BIGINT NOT NULL
  )`,
  // Written by versions before rollup_dirty_series; still refreshed when a file has rows in it.
  `CREATE TABLE IF NOT EXISTS rollup_dirty (lo BIGINT NOT NULL, hi BIGINT NOT NULL)`,
  // Daily sum/max/count per series, from rollup_1h: a year of a series in 365 rows (see duckdb-rollup.ts).
  `CREATE TABLE IF NOT EXISTS rollup_1d (
    app VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    bucket BIGINT NOT NULL,
    sum DOUBLE NOT NULL,
    max DOUBLE NOT NULL,
    count BIGINT NOT NULL
  )`,
  // Which series and hours writes touched since the rollups were last refreshed.
  `CREATE TABLE IF NOT EXISTS rollup_dirty_series (
    app VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    lo BIGINT NOT NULL,
    hi BIGINT NOT NULL
  )`,
  // Appender rows land here first. seq orders duplicates inside a batch so the last one written wins.
  `CREATE TEMP TABLE IF NOT EXISTS points_staging (
    seq BIGINT NOT NULL,
    app VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    ts BIGINT NOT NULL,
    value DOUBLE NOT NULL
  )`,
]

/** Fills the rollup from points when the file predates it (or it was lost); run only when the rollup is empty. */
export const BUILD_ROLLUP = `
  INSERT INTO rollup_1h
  SELECT app, metric, tags, ${floorTo('ts', String(ROLLUP_MS))} AS bucket, sum(value), max(value), count(*)
  FROM points GROUP BY app, metric, tags, bucket`

/** Fills the daily rollup from the hourly one when the file predates it; run only when rollup_1d is empty. */
export const BUILD_DAY_ROLLUP = `
  INSERT INTO rollup_1d
  SELECT app, metric, tags, ${floorTo('bucket', '86400000')} AS day, sum(sum), max(max), sum(count)
  FROM rollup_1h GROUP BY app, metric, tags, day`

/**
 * The merge of points_staging into points, in order; the series and hours
 * the batch touched are recorded as dirty for the rollups.
 */
export const MERGE = [
  `DELETE FROM points p USING (SELECT DISTINCT app, metric, tags, ts FROM points_staging) s
   WHERE p.ts = s.ts AND p.app = s.app AND p.metric = s.metric AND p.tags = s.tags`,
  `INSERT INTO points
   SELECT app, metric, tags, ts, arg_max(value, seq) FROM points_staging GROUP BY app, metric, tags, ts`,
  `INSERT INTO rollup_dirty_series
   SELECT app, metric, tags, ${floorTo('min(ts)', String(ROLLUP_MS))}, ${floorTo('max(ts)', String(ROLLUP_MS))} + ${ROLLUP_MS}
   FROM points_staging GROUP BY app, metric, tags`,
  `DELETE FROM points_staging`,
]

/** Recomputes the rollup for hours in [$1, $2) (hour-aligned) from points. */
export const REFRESH_ROLLUP = [
  `DELETE FROM rollup_1h WHERE bucket >= $1 AND bucket < $2`,
  `INSERT INTO rollup_1h
   SELECT app, metric, tags, ${floorTo('ts', String(ROLLUP_MS))} AS bucket, sum(value), max(value), count(*)
   FROM points WHERE ts >= $1 AND ts < $2 GROUP BY app, metric, tags, bucket`,
]

/** Merges overlapping or adjacent [lo, hi) intervals, so each hour is recomputed once. */
export function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [lo, hi] of sorted) {
    const last = out.at(-1)
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi)
    else out.push([lo, hi])
  }
  return out
}

/**
 * Buckets of one app/metric in [$3, $4) of width $5, optionally limited to
 * some tag sets. From raw points, or from a rollup when step and bounds are
 * whole hours (rollup_1h) or whole days (rollup_1d): the same result, since
 * a rollup bucket is never split by a bound.
 */
export function rangeSql(source: boolean | 'points' | 'rollup_1h' | 'rollup_1d', tagClause: string): string {
  const table = source === true ? 'rollup_1h' : source === false ? 'points' : source
  return table !== 'points'
    ? `SELECT ${floorTo('bucket', '$5')} AS b, sum(sum) / sum(count), max(max), sum(count)
       FROM ${table} WHERE app = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4${tagClause}
       GROUP BY b ORDER BY b`
    : `SELECT ${floorTo('ts', '$5')} AS b, avg(value), max(value), count(*)
       FROM points WHERE app = $1 AND metric = $2 AND ts >= $3 AND ts < $4${tagClause}
       GROUP BY b ORDER BY b`
}
