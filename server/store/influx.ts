// InfluxDB 1.x store (also 2.x/3.x through their v1 compatibility API).
// Schema: one measurement "capacity"; tags app, metric plus the sample's own
// tags (site, node); one float field "value"; millisecond timestamps. One
// measurement (not one per app) keeps every query the same shape and lets
// listSeries/latest be a single GROUP BY *. Writing the same series and
// timestamp twice overwrites, so writes are idempotent natively.
import { InfluxDB, type IPoint } from 'influx'
import type { Bucket, LatestValue, Point, RangeQuery, SeriesKey, Store } from './types.ts'
import { cleanTags } from './tags.ts'
import { ident, stringLit, tagConditions, timeLit } from './influxql.ts'
import { numberAt, seriesOfResponse } from './influx-results.ts'
import { StoreRejectedError } from './errors.ts'

export interface InfluxStoreOptions {
  /** http://[user:pass@]host:port/database */
  url: string
  /** Retention policy created (as the default) when missing. */
  retentionPolicy?: string
  retentionDuration?: string
}

const MEASUREMENT = 'capacity'
/** Tag keys the schema uses itself; a sample tag with one of these names would be ambiguous. */
const RESERVED_TAGS = new Set(['app', 'metric', 'time'])

function connectionOf(raw: string): { client: InfluxDB; database: string } {
  const url = new URL(raw)
  const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''))
  if (database === '') throw new Error(`InfluxDB URL ${raw} names no database; expected http://host:8086/database`)
  const client = new InfluxDB({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 8086,
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    database,
    ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
  })
  return { client, database }
}

/** The influx client's errors carry the whole request (with its auth header); keep only the sentence. */
function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** A 4xx from /write means the points were refused, so retrying is pointless (see errors.ts). */
function writeError(err: unknown, count: number, where: string): Error {
  const message = describeFailure(err)
  const status = /^A (\d{3}) /.exec(message)?.[1]
  if (status && status.startsWith('4')) {
    const dropped = /dropped=(\d+)/.exec(message)?.[1]
    return new StoreRejectedError(
      `InfluxDB at ${where} refused ${dropped ?? 'some'} of ${count} points: ${message}`,
      dropped ? Number(dropped) : null,
    )
  }
  return new Error(`InfluxDB write of ${count} points to ${where} failed: ${message}`)
}

function toInfluxPoint(p: Point): IPoint {
  const tags: Record<string, string> = { app: p.app, metric: p.metric }
  const own = cleanTags(p.tags)
  if (own) {
    for (const [k, v] of Object.entries(own)) {
      if (RESERVED_TAGS.has(k)) {
        throw new Error(`point ${p.app}/${p.metric} has a tag named "${k}", which the InfluxDB schema reserves`)
      }
      tags[k] = v
    }
  }
  return { measurement: MEASUREMENT, tags, fields: { value: p.value }, timestamp: p.at }
}

/** Splits GROUP BY * tags into the series key; InfluxDB reports absent tag keys as "". */
function seriesKeyOf(tags: Record<string, string>): SeriesKey {
  const { app = '', metric = '', ...rest } = tags
  const own = cleanTags(rest)
  return own ? { app, metric, tags: own } : { app, metric }
}

function bySeries(a: SeriesKey, b: SeriesKey): number {
  const ka = `${a.app}\u0000${a.metric}\u0000${JSON.stringify(a.tags ?? {})}`
  const kb = `${b.app}\u0000${b.metric}\u0000${JSON.stringify(b.tags ?? {})}`
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

export function createInfluxStore(opts: InfluxStoreOptions): Store {
  const { client, database } = connectionOf(opts.url)
  const rp = opts.retentionPolicy ?? 'headroom_rp'
  const duration = opts.retentionDuration ?? '400d'
  const from = `${ident(database)}.${ident(rp)}.${ident(MEASUREMENT)}`
  const where = `${opts.url.replace(/\/\/[^@/]*@/, '//')}`

  async function query(q: string) {
    let raw: unknown
    try {
      raw = await client.queryRaw(q, { database, precision: 'ms' })
    } catch (err) {
      throw new Error(`InfluxDB query to ${where} failed (${describeFailure(err)}): ${q}`)
    }
    return seriesOfResponse(raw, q)
  }

  async function latestValues(): Promise<LatestValue[]> {
    const series = await query(`SELECT last("value") FROM ${from} GROUP BY *`)
    const out: LatestValue[] = []
    for (const s of series) {
      const row = s.values[0]
      if (!row) continue
      out.push({ ...seriesKeyOf(s.tags), value: numberAt(row, 1, 'last(value)'), at: new Date(numberAt(row, 0, 'time')) })
    }
    return out.sort(bySeries)
  }

  return {
    kind: 'influxdb',

    async init() {
      try {
        await client.createDatabase(database)
        const policies = await client.showRetentionPolicies(database)
        if (!policies.some((p) => p.name === rp)) {
          await client.createRetentionPolicy(rp, { database, duration, replication: 1, isDefault: true })
        }
      } catch (err) {
        throw new Error(`cannot prepare InfluxDB database "${database}" at ${where}: ${describeFailure(err)}`)
      }
    },

    async write(points) {
      if (points.length === 0) return
      const lines = points.map(toInfluxPoint)
      try {
        await client.writePoints(lines, { database, retentionPolicy: rp, precision: 'ms' })
      } catch (err) {
        throw writeError(err, points.length, where)
      }
    },

    latest: latestValues,

    async range(q: RangeQuery): Promise<Bucket[]> {
      if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
        throw new Error(`range(${q.app}/${q.metric}): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
      }
      const filter = cleanTags(q.tags)
      const tagClause = filter ? ` AND ${tagConditions(filter)}` : ''
      const series = await query(
        `SELECT mean("value"), max("value"), count("value") FROM ${from}` +
          ` WHERE "app" = ${stringLit(q.app)} AND "metric" = ${stringLit(q.metric)}` +
          ` AND time >= ${timeLit(q.from)} AND time < ${timeLit(q.to)}${tagClause}` +
          ` GROUP BY time(${q.stepMs}ms) fill(none)`,
      )
      const rows = series[0]?.values ?? []
      return rows.map((r) => ({
        at: new Date(numberAt(r, 0, 'time')),
        mean: numberAt(r, 1, 'mean'),
        max: numberAt(r, 2, 'max'),
        count: numberAt(r, 3, 'count'),
      }))
    },

    async listSeries() {
      return (await latestValues()).map(({ app, metric, tags }) => (tags ? { app, metric, tags } : { app, metric }))
    },

    async newest(app, metric) {
      const series = await query(
        `SELECT last("value") FROM ${from} WHERE "app" = ${stringLit(app)} AND "metric" = ${stringLit(metric)}`,
      )
      const row = series[0]?.values[0]
      return row ? new Date(numberAt(row, 0, 'time')) : null
    },

    async close() {
      // The influx client holds no open connections beyond node's keep-alive agent.
    },
  }
}
