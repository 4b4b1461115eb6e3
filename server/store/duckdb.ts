// Embedded default store: one DuckDB file, one connection. Points are kept as
// (app, metric, tags, ts, value) plus an exact hourly rollup for long ranges.
// Writing the same series + time twice keeps one point (last value wins), the
// way InfluxDB behaves; CSV re-imports and backfill overlaps rely on that.
// Uniqueness holds because every write goes through this one connection's
// serial queue and DuckDB locks the file against other processes.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import type { Bucket, LatestValue, Point, RangeQuery, SeriesKey, Store } from './types.ts'
import { cleanTags, decodeTags, encodeTags, tagsExcluded, tagsMatch } from './tags.ts'
import { createSerialQueue } from './serial.ts'
import { BUILD_ROLLUP, MERGE, REFRESH_ROLLUP, ROLLUP_MS, SCHEMA, mergeIntervals, rangeSql } from './duckdb-sql.ts'
import { createDuckDbState, STATE_SCHEMA } from './duckdb-state.ts'

export interface DuckDbStoreOptions {
  /** A file path (its directory is created if missing) or ':memory:'. */
  path: string
}

function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a number`)
}

function toText(v: unknown, what: string): string {
  if (typeof v === 'string') return v
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a string`)
}

function seriesOf(app: string, metric: string, encodedTags: string): SeriesKey {
  const tags = cleanTags(decodeTags(encodedTags))
  return tags ? { app, metric, tags } : { app, metric }
}

export function createDuckDbStore(opts: DuckDbStoreOptions): Store {
  const serial = createSerialQueue()
  let instance: DuckDBInstance | null = null
  let connection: DuckDBConnection | null = null
  let opening: Promise<DuckDBConnection> | null = null

  async function open(): Promise<DuckDBConnection> {
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true })
    try {
      instance = await DuckDBInstance.create(opts.path)
    } catch (err) {
      throw new Error(`cannot open DuckDB store at ${opts.path}: ${err instanceof Error ? err.message : String(err)}`)
    }
    const conn = await instance.connect()
    for (const sql of [...SCHEMA, ...STATE_SCHEMA]) await conn.run(sql)
    const isEmpty = async (table: string) => (await conn.runAndReadAll(`SELECT 1 FROM ${table} LIMIT 1`)).getRowsJS().length === 0
    if ((await isEmpty('rollup_1h')) && !(await isEmpty('points'))) await conn.run(BUILD_ROLLUP)
    connection = conn
    return conn
  }

  function conn(): Promise<DuckDBConnection> {
    if (connection) return Promise.resolve(connection)
    // A failed open is not cached, so the next call (a retry) tries again.
    opening ??= open().catch((err: unknown) => {
      opening = null
      throw err
    })
    return opening
  }

  async function rows(sql: string, values: DuckDBValue[] = []): Promise<unknown[][]> {
    const c = await conn()
    const reader = await c.runAndReadAll(sql, values)
    return reader.getRowsJS()
  }

  async function writeBatch(points: readonly Point[]): Promise<void> {
    const c = await conn()
    await c.run('BEGIN TRANSACTION')
    try {
      const appender = await c.createAppender('points_staging', 'main', 'temp')
      let seq = 0
      let lo = Number.POSITIVE_INFINITY
      let hi = Number.NEGATIVE_INFINITY
      for (const p of points) {
        const ms = p.at.getTime()
        if (!Number.isFinite(ms)) throw new Error(`invalid date for ${p.app}/${p.metric}`)
        if (ms < lo) lo = ms
        if (ms > hi) hi = ms
        appender.appendBigInt(BigInt(seq++))
        appender.appendVarchar(p.app)
        appender.appendVarchar(p.metric)
        appender.appendVarchar(encodeTags(p.tags))
        appender.appendBigInt(BigInt(ms))
        appender.appendDouble(p.value)
        appender.endRow()
      }
      appender.closeSync()
      const bounds = [BigInt(Math.floor(lo / ROLLUP_MS) * ROLLUP_MS), BigInt(Math.floor(hi / ROLLUP_MS) * ROLLUP_MS + ROLLUP_MS)]
      for (const sql of MERGE) await c.run(sql, sql.includes('$1') ? bounds : [])
      await c.run('COMMIT')
    } catch (err) {
      await c.run('ROLLBACK').catch(() => undefined)
      // A failed appender can leave rows outside the rolled-back transaction.
      await c.run('DELETE FROM points_staging').catch(() => undefined)
      throw err
    }
  }

  /** Brings the rollup up to date for every hour written since the last refresh (see duckdb-sql.ts). */
  async function refreshRollup(): Promise<void> {
    const dirty = await rows('SELECT lo, hi FROM rollup_dirty')
    if (dirty.length === 0) return
    const c = await conn()
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
    app: string,
    metric: string,
    filter: Record<string, string>,
    exclude: Record<string, string>,
  ): Promise<string[]> {
    const found = await rows('SELECT DISTINCT tags FROM points WHERE app = $1 AND metric = $2', [app, metric])
    return found
      .map((r) => toText(r[0], 'tags'))
      .filter((t) => {
        const tags = decodeTags(t)
        return tagsMatch(tags, filter) && !tagsExcluded(tags, exclude)
      })
  }

  return {
    kind: 'duckdb',

    ...createDuckDbState({ serial, rows }),

    init: () => serial(async () => void (await conn())),

    write: (points) => (points.length === 0 ? Promise.resolve() : serial(() => writeBatch(points))),

    latest: () =>
      serial(async () => {
        const found = await rows(
          'SELECT app, metric, tags, arg_max(value, ts), max(ts) FROM points GROUP BY app, metric, tags ORDER BY app, metric, tags',
        )
        return found.map((r): LatestValue => {
          const key = seriesOf(toText(r[0], 'app'), toText(r[1], 'metric'), toText(r[2], 'tags'))
          return { ...key, value: toNumber(r[3], 'value'), at: new Date(toNumber(r[4], 'ts')) }
        })
      }),

    range: (q: RangeQuery) =>
      serial(async (): Promise<Bucket[]> => {
        if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
          throw new Error(`range(${q.app}/${q.metric}): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
        }
        const step = BigInt(q.stepMs)
        const values: DuckDBValue[] = [q.app, q.metric, BigInt(q.from.getTime()), BigInt(q.to.getTime()), step]
        let tagClause = ''
        const filter = cleanTags(q.tags)
        const exclude = cleanTags(q.excludeTags)
        if (filter || exclude) {
          const sets = await matchingTagSets(q.app, q.metric, filter ?? {}, exclude ?? {})
          if (sets.length === 0) return []
          tagClause = ` AND tags IN (${sets.map((_, i) => `$${values.length + 1 + i}`).join(', ')})`
          values.push(...sets)
        }
        const hourly = (n: number) => n % ROLLUP_MS === 0
        const fromRollup = hourly(q.stepMs) && hourly(q.from.getTime()) && hourly(q.to.getTime())
        if (fromRollup) await refreshRollup()
        const found = await rows(rangeSql(fromRollup, tagClause), values)
        return found.map((r) => ({
          at: new Date(toNumber(r[0], 'bucket')),
          mean: toNumber(r[1], 'mean'),
          max: toNumber(r[2], 'max'),
          count: toNumber(r[3], 'count'),
        }))
      }),

    listSeries: () =>
      serial(async () => {
        const found = await rows('SELECT DISTINCT app, metric, tags FROM points ORDER BY app, metric, tags')
        return found.map((r) => seriesOf(toText(r[0], 'app'), toText(r[1], 'metric'), toText(r[2], 'tags')))
      }),

    newest: (app, metric) =>
      serial(async () => {
        const found = await rows('SELECT max(ts) FROM points WHERE app = $1 AND metric = $2', [app, metric])
        const v = found[0]?.[0]
        return v === null || v === undefined ? null : new Date(toNumber(v, 'ts'))
      }),

    close: () =>
      serial(async () => {
        connection?.closeSync()
        instance?.closeSync()
        connection = null
        instance = null
        opening = null
      }),
  }
}
