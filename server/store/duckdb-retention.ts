// Retention for the embedded store: raw points are kept for a configurable
// period, the hourly and daily rollups (sum, max, count) for years, so a
// year of a one-minute series stays cheap to keep and to read (8 760 hourly
// or 365 daily rows instead of 525 600 points). Rollups are brought up to
// date before any raw point is dropped, and raw points go by whole UTC days,
// so no hour is left half in points and half gone.
//
// Some series are not measurements but plans and evidence, tiny and read by
// date: imported driver forecasts and perf-test results. They are kept raw
// (`keep`), whatever their age.
import type { DuckDBValue } from '@duckdb/node-api'
import { toNumber, type DuckDbConnection } from './duckdb-connection.ts'
import { DAY_ROLLUP_MS, refreshRollups } from './duckdb-rollup.ts'
import { encodeTags } from './tags.ts'
import type { PruneResult, Retention } from './types.ts'

export type { PruneResult, Retention } from './types.ts'

const dayFloor = (ms: number): number => Math.floor(ms / DAY_ROLLUP_MS) * DAY_ROLLUP_MS

/** `WHERE ... AND NOT (kept)` for the points delete, with its values from position `at`. */
function keptClause(keep: Retention['keep'], at: number): { sql: string; values: DuckDBValue[] } {
  const parts: string[] = []
  const values: DuckDBValue[] = []
  for (const app of keep?.apps ?? []) {
    values.push(app)
    parts.push(`app = $${at + values.length - 1}`)
  }
  for (const [k, v] of Object.entries(keep?.tags ?? {})) {
    // Tag sets are stored encoded and sorted ("node=a,source=perf-test"): match one pair between commas.
    values.push(`%,${encodeTags({ [k]: v })},%`)
    parts.push(`(',' || tags || ',') LIKE $${at + values.length - 1}`)
  }
  return { sql: parts.length === 0 ? '' : ` AND NOT (${parts.join(' OR ')})`, values }
}

export function checkRetention(r: Retention): void {
  for (const [name, days] of [
    ['rawDays', r.rawDays],
    ['hourlyDays', r.hourlyDays],
    ['dailyDays', r.dailyDays],
  ] as const)
    if (!Number.isInteger(days) || days < 1) throw new Error(`retention ${name} must be a whole number of days >= 1; got ${days}`)
  if (r.hourlyDays < r.rawDays)
    throw new Error(`retention: hourly rollups (${r.hourlyDays} d) must be kept at least as long as raw points (${r.rawDays} d)`)
  if (r.dailyDays < r.hourlyDays)
    throw new Error(
      `retention: daily rollups (${r.dailyDays} d) must be kept at least as long as hourly ones (${r.hourlyDays} d)`,
    )
}

async function count(db: DuckDbConnection, sql: string, values: DuckDBValue[]): Promise<number> {
  return toNumber((await db.rows(sql, values))[0]?.[0] ?? 0, 'count')
}

export async function pruneDuckDb(db: DuckDbConnection, retention: Retention, now: Date): Promise<PruneResult> {
  const raw = dayFloor(now.getTime() - retention.rawDays * DAY_ROLLUP_MS)
  const hourly = dayFloor(now.getTime() - retention.hourlyDays * DAY_ROLLUP_MS)
  const daily = dayFloor(now.getTime() - retention.dailyDays * DAY_ROLLUP_MS)
  // Every raw point about to go must already be in the rollups.
  await refreshRollups(db)
  const kept = keptClause(retention.keep, 2)
  const rawWhere = `ts < $1${kept.sql}`
  const rawValues = [BigInt(raw), ...kept.values]
  const out: PruneResult = {
    points: await count(db, `SELECT count(*) FROM points WHERE ${rawWhere}`, rawValues),
    hourly: await count(db, 'SELECT count(*) FROM rollup_1h WHERE bucket < $1', [BigInt(hourly)]),
    daily: await count(db, 'SELECT count(*) FROM rollup_1d WHERE bucket < $1', [BigInt(daily)]),
    rawBefore: new Date(raw).toISOString(),
    hourlyBefore: new Date(hourly).toISOString(),
    dailyBefore: new Date(daily).toISOString(),
  }
  if (out.points + out.hourly + out.daily === 0) return out
  const c = await db.get()
  await c.run('BEGIN TRANSACTION')
  try {
    if (out.points > 0) await c.run(`DELETE FROM points WHERE ${rawWhere}`, rawValues)
    if (out.hourly > 0) await c.run('DELETE FROM rollup_1h WHERE bucket < $1', [BigInt(hourly)])
    if (out.daily > 0) await c.run('DELETE FROM rollup_1d WHERE bucket < $1', [BigInt(daily)])
    await c.run('COMMIT')
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined)
    throw err
  }
  // Give the freed blocks back to the file now rather than at the next automatic checkpoint.
  await c.run('CHECKPOINT')
  return out
}
