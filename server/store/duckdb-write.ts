// One write batch: append to the staging table, then merge into points and
// mark the touched hours of the rollup dirty, all in one transaction, so a
// failed batch leaves nothing behind and can be retried whole.
import type { DuckDBConnection } from '@duckdb/node-api'
import { MERGE } from './duckdb-sql.ts'
import { encodeTags } from './tags.ts'
import type { Point } from './types.ts'

/** Appends the points to the staging table; returns the first and last time. */
async function stage(c: DuckDBConnection, points: readonly Point[]): Promise<{ lo: number; hi: number }> {
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
  return { lo, hi }
}

export async function writeDuckDbBatch(c: DuckDBConnection, points: readonly Point[]): Promise<void> {
  await c.run('BEGIN TRANSACTION')
  try {
    await stage(c, points)
    for (const sql of MERGE) await c.run(sql)
    await c.run('COMMIT')
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined)
    // A failed appender can leave rows outside the rolled-back transaction.
    await c.run('DELETE FROM points_staging').catch(() => undefined)
    throw err
  }
}
