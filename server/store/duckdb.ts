// Embedded default store: one DuckDB file, one connection. Points are kept as
// (app, metric, tags, ts, value) plus an exact hourly rollup for long ranges.
// Writing the same series + time twice keeps one point (last value wins), the
// way InfluxDB behaves; CSV re-imports and backfill overlaps rely on that.
// Uniqueness holds because every write goes through this one connection's
// serial queue and DuckDB locks the file against other processes.
//
// The steps live beside this file: duckdb-connection.ts (open, decode),
// duckdb-write.ts (a batch), duckdb-range.ts (bucketed reads), duckdb-sql.ts.
import { createDuckDbConnection, toNumber, toText } from './duckdb-connection.ts'
import { LATEST_SINCE_SQL, readDuckDbAggregate } from './duckdb-aggregate.ts'
import { readDuckDbRange } from './duckdb-range.ts'
import { checkRetention, pruneDuckDb, type Retention } from './duckdb-retention.ts'
import { writeDuckDbBatch } from './duckdb-write.ts'
import { createDuckDbState } from './duckdb-state.ts'
import { createSerialQueue } from './serial.ts'
import { cleanTags, decodeTags } from './tags.ts'
import type { LatestValue, SeriesKey, Store } from './types.ts'

export interface DuckDbStoreOptions {
  /** A file path (its directory is created if missing) or ':memory:'. */
  path: string
  /** How long raw points and rollups are kept; without it nothing is ever dropped. */
  retention?: Retention
}

function seriesOf(row: unknown[]): SeriesKey {
  const app = toText(row[0], 'app')
  const metric = toText(row[1], 'metric')
  const tags = cleanTags(decodeTags(toText(row[2], 'tags')))
  return tags ? { app, metric, tags } : { app, metric }
}

export function createDuckDbStore(opts: DuckDbStoreOptions): Store {
  const serial = createSerialQueue()
  const db = createDuckDbConnection(opts.path)
  const retention = opts.retention
  if (retention) checkRetention(retention)
  return {
    kind: 'duckdb',
    // Keyed state documents and the audit trail (state-types.ts), through the same serial queue.
    ...createDuckDbState({ serial, rows: (sql, values) => db.rows(sql, values) }),
    ...(retention ? { retention, prune: (now: Date) => serial(() => pruneDuckDb(db, retention, now)) } : {}),
    init: () => serial(async () => void (await db.get())),
    write: (points) => (points.length === 0 ? Promise.resolve() : serial(async () => writeDuckDbBatch(await db.get(), points))),
    latest: (since) =>
      serial(async () => {
        const found = since
          ? await db.rows(LATEST_SINCE_SQL, [BigInt(since.getTime())])
          : await db.rows(
              'SELECT app, metric, tags, arg_max(value, ts), max(ts) FROM points GROUP BY app, metric, tags ORDER BY app, metric, tags',
            )
        return found.map((r): LatestValue => ({
          ...seriesOf(r),
          value: toNumber(r[3], 'value'),
          at: new Date(toNumber(r[4], 'ts')),
        }))
      }),
    range: (q) => serial(() => readDuckDbRange(db, q)),
    aggregate: (q) => serial(() => readDuckDbAggregate(db, q)),
    listSeries: () =>
      serial(async () =>
        (await db.rows('SELECT DISTINCT app, metric, tags FROM points ORDER BY app, metric, tags')).map(seriesOf),
      ),
    newest: (app, metric) =>
      serial(async () => {
        const found = await db.rows('SELECT max(ts) FROM points WHERE app = $1 AND metric = $2', [app, metric])
        const v = found[0]?.[0]
        return v === null || v === undefined ? null : new Date(toNumber(v, 'ts'))
      }),
    // Embedded: reachable whenever it is open. Not through the serial queue, so a long write does not read as an outage.
    ping: async () => {
      await db.get()
    },

    close: () => serial(async () => db.close()),
  }
}
