// One DuckDB file, one connection, opened on first use. A failed open is not
// cached, so the next call (a retry from the write pipeline) tries again.
// Also the row decoders every DuckDB read uses.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { BUILD_DAY_ROLLUP, BUILD_ROLLUP, SCHEMA } from './duckdb-sql.ts'

export interface DuckDbConnection {
  /** The open connection, opening (and creating the schema) on first use. */
  get(): Promise<DuckDBConnection>
  /** Runs a query and returns its rows as JS values. */
  rows(sql: string, values?: DuckDBValue[]): Promise<unknown[][]>
  close(): void
}

async function openFile(path: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path)
  } catch (err) {
    throw new Error(`cannot open DuckDB store at ${path}: ${err instanceof Error ? err.message : String(err)}`)
  }
  const connection = await instance.connect()
  // DuckDB's buffer pool defaults to 80 % of RAM; the dashboard shares its machine, so bound it (spills to disk past it).
  await connection.run(`SET memory_limit = '${duckDbMemoryLimit()}'`)
  for (const sql of SCHEMA) await connection.run(sql)
  const isEmpty = async (table: string): Promise<boolean> =>
    (await connection.runAndReadAll(`SELECT 1 FROM ${table} LIMIT 1`)).getRowsJS().length === 0
  // A file written before the rollup existed (or bulk-written and never read since) gets it built once.
  if ((await isEmpty('rollup_1h')) && !(await isEmpty('points'))) {
    await connection.run(BUILD_ROLLUP)
    // Built from every point there is, so the hours marked dirty are exact already: without this the
    // first read recomputed all of them again (1.7 s more at 1 000 metrics × 90 days).
    await connection.run('DELETE FROM rollup_dirty_series')
    await connection.run('DELETE FROM rollup_dirty')
  }
  if ((await isEmpty('rollup_1d')) && !(await isEmpty('rollup_1h'))) await connection.run(BUILD_DAY_ROLLUP)
  return { instance, connection }
}

/** HEADROOM_DUCKDB_MEMORY (e.g. "512MB"), default 256MB. */
function duckDbMemoryLimit(): string {
  const raw = process.env.HEADROOM_DUCKDB_MEMORY ?? '256MB'
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(raw))
    throw new Error(`HEADROOM_DUCKDB_MEMORY: expected a size like "256MB"; got "${raw}"`)
  return raw
}

export function createDuckDbConnection(path: string): DuckDbConnection {
  let open: { instance: DuckDBInstance; connection: DuckDBConnection } | null = null
  let opening: Promise<DuckDBConnection> | null = null
  const get = (): Promise<DuckDBConnection> => {
    if (open) return Promise.resolve(open.connection)
    opening ??= openFile(path).then(
      (o) => {
        open = o
        return o.connection
      },
      (err: unknown) => {
        opening = null
        throw err
      },
    )
    return opening
  }
  return {
    get,
    async rows(sql, values = []) {
      const reader = await (await get()).runAndReadAll(sql, values)
      return reader.getRowsJS()
    },
    close() {
      open?.connection.closeSync()
      open?.instance.closeSync()
      open = null
      opening = null
    },
  }
}

export function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a number`)
}

export function toText(v: unknown, what: string): string {
  if (typeof v === 'string') return v
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a string`)
}
