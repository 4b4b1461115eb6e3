// InfluxDB 1.x store (also 2.x/3.x through their v1 compatibility API).
// Schema: one measurement "capacity"; tags app, metric plus the sample's own
// tags (site, node); one float field "value"; millisecond timestamps. One
// measurement (not one per app) keeps every query the same shape and lets
// listSeries/latest be a single GROUP BY *. Writing the same series and
// timestamp twice overwrites, so writes are idempotent natively.
import { InfluxDB } from 'influx'
import type { Bucket, LatestValue, RangeQuery, SeriesKey, Store } from './types.ts'
import { cleanTags } from './tags.ts'
import { ident, stringLit, tagConditions, timeLit } from './influxql.ts'
import { numberAt, seriesOfResponse } from './influx-results.ts'
import { StoreRejectedError } from './errors.ts'
import { toLine } from './line-protocol.ts'
import { createInfluxState } from './influx-state.ts'

export interface InfluxStoreOptions {
  /** http://[user:pass@]host:port/database */
  url: string
  /** Retention policy created (as the default) when missing. */
  retentionPolicy?: string
  retentionDuration?: string
}

const MEASUREMENT = 'capacity'

interface Connection {
  client: InfluxDB
  database: string
  /** http://host:port (no credentials, no path) for direct /write requests. */
  origin: string
  authorization: string | null
}

function connectionOf(raw: string): Connection {
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
  const authorization = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null
  return { client, database, origin: url.origin, authorization }
}

/** The influx client's errors carry the whole request (with its auth header); keep only the sentence. */
function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Why fetch() failed, with the socket error code (ECONNREFUSED...) that undici hides in `cause`. */
function fetchFailure(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : ''
  return `${describeFailure(err)}${cause}`
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
  const { client, database, origin, authorization } = connectionOf(opts.url)
  const rp = opts.retentionPolicy ?? 'headroom_rp'
  const duration = opts.retentionDuration ?? '400d'
  const from = `${ident(database)}.${ident(rp)}.${ident(MEASUREMENT)}`
  const where = `${opts.url.replace(/\/\/[^@/]*@/, '//')}`
  const writeUrl = `${origin}/write?${new URLSearchParams({ db: database, rp, precision: 'ms' })}`

  async function query(q: string) {
    let raw: unknown
    try {
      raw = await client.queryRaw(q, { database, precision: 'ms' })
    } catch (err) {
      throw new Error(`InfluxDB query to ${where} failed (${describeFailure(err)}): ${q}`)
    }
    return seriesOfResponse(raw, q)
  }

  /** POSTs run one at a time, in call order, so InfluxDB applies batches in the order they were written. */
  let postChain: Promise<unknown> = Promise.resolve()

  async function post(body: string, count: number): Promise<void> {
    let res: Response
    try {
      res = await fetch(writeUrl, {
        method: 'POST',
        body,
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(30_000),
      })
    } catch (err) {
      throw new Error(`InfluxDB write of ${count} points to ${where} failed: ${fetchFailure(err)}`)
    }
    if (res.status === 204) return
    const text = (await res.text().catch(() => '')).slice(0, 500)
    // 400 = the points themselves were refused (beyond retention, field type
    // conflict): retrying cannot help. Anything else (auth, 5xx) may pass later.
    if (res.status === 400) {
      const dropped = /dropped=(\d+)/.exec(text)?.[1]
      throw new StoreRejectedError(
        `InfluxDB at ${where} refused ${dropped ?? 'all'} of ${count} points: ${text}`,
        dropped ? Number(dropped) : null,
      )
    }
    throw new Error(`InfluxDB write of ${count} points to ${where} failed with HTTP ${res.status}: ${text}`)
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

  const state = createInfluxState({ database, origin, authorization, where, query })

  return {
    kind: 'influxdb',

    ...state.state,

    async init() {
      try {
        await client.createDatabase(database)
        const policies = await client.showRetentionPolicies(database)
        if (!policies.some((p) => p.name === rp)) {
          await client.createRetentionPolicy(rp, { database, duration, replication: 1, isDefault: true })
        }
        await state.init()
      } catch (err) {
        throw new Error(`cannot prepare InfluxDB database "${database}" at ${where}: ${describeFailure(err)}`)
      }
    },

    async write(points) {
      if (points.length === 0) return
      // The body is built now (throwing here for a bad point), so the caller's
      // next batch can be serialised while this one waits for its turn.
      let body = ''
      for (const p of points) body += toLine(MEASUREMENT, p)
      const send = () => post(body, points.length)
      const mine = postChain.then(send, send)
      postChain = mine.catch(() => undefined)
      return mine
    },

    latest: latestValues,

    async range(q: RangeQuery): Promise<Bucket[]> {
      if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
        throw new Error(`range(${q.app}/${q.metric}): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
      }
      const filter = cleanTags(q.tags)
      const exclude = cleanTags(q.excludeTags)
      // A point without the tag reads as '' in InfluxQL, so != keeps it.
      const tagClause =
        (filter ? ` AND ${tagConditions(filter)}` : '') +
        (exclude
          ? ` AND ${Object.entries(exclude)
              .map(([k, v]) => `${ident(k)} != ${stringLit(v)}`)
              .join(' AND ')}`
          : '')
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
