// InfluxDB 1.x store (also 2.x/3.x through their v1 compatibility API).
// Schema: one measurement "capacity"; tags app, metric plus the sample's own
// tags (site, node); one float field "value"; millisecond timestamps. One
// measurement (not one per app) keeps every query the same shape and lets
// listSeries/latest be a single GROUP BY *. Writing the same series and
// timestamp twice overwrites, so writes are idempotent natively.
//
// The steps live beside this file: influx-connection.ts, influx-write.ts,
// influx-range.ts, influxql.ts (quoting), influx-results.ts (decoding).
import { connectionOf, describeFailure, pingInflux, queryInflux } from './influx-connection.ts'
import { readInfluxAggregate } from './influx-aggregate.ts'
import { readInfluxRange } from './influx-range.ts'
import { numberAt } from './influx-results.ts'
import { ident, stringLit, timeLit } from './influxql.ts'
import { createInfluxState } from './influx-state.ts'
import { createInfluxWriter } from './influx-write.ts'
import { cleanTags } from './tags.ts'
import type { LatestValue, SeriesKey, Store } from './types.ts'

export interface InfluxStoreOptions {
  /** http://[user:pass@]host:port/database */
  url: string
  /** Retention policy created (as the default) when missing. */
  retentionPolicy?: string
  retentionDuration?: string
}

const MEASUREMENT = 'capacity'

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
  const c = connectionOf(opts.url)
  const rp = opts.retentionPolicy ?? 'headroom_rp'
  const duration = opts.retentionDuration ?? '400d'
  const from = `${ident(c.database)}.${ident(rp)}.${ident(MEASUREMENT)}`

  async function latestValues(since?: Date): Promise<LatestValue[]> {
    const where = since ? ` WHERE time >= ${timeLit(since)}` : ''
    const series = await queryInflux(c, `SELECT last("value") FROM ${from}${where} GROUP BY *`)
    const out: LatestValue[] = []
    for (const s of series) {
      const row = s.values[0]
      if (!row) continue
      out.push({ ...seriesKeyOf(s.tags), value: numberAt(row, 1, 'last(value)'), at: new Date(numberAt(row, 0, 'time')) })
    }
    return out.sort(bySeries)
  }

  const state = createInfluxState({ ...c, query: (q) => queryInflux(c, q) })

  return {
    kind: 'influxdb',
    // Keyed state documents and the audit trail (state-types.ts), in their own retention policy.
    ...state.state,
    async init() {
      try {
        await c.client.createDatabase(c.database)
        const policies = await c.client.showRetentionPolicies(c.database)
        if (!policies.some((p) => p.name === rp)) {
          await c.client.createRetentionPolicy(rp, { database: c.database, duration, replication: 1, isDefault: true })
        }
        await state.init()
      } catch (err) {
        throw new Error(`cannot prepare InfluxDB database "${c.database}" at ${c.where}: ${describeFailure(err)}`)
      }
    },
    write: createInfluxWriter(c, rp, MEASUREMENT),
    latest: (since) => latestValues(since),
    range: (q) => readInfluxRange(c, from, q),
    aggregate: (q) => readInfluxAggregate(c, from, q),
    async listSeries() {
      return (await latestValues()).map(({ app, metric, tags }) => (tags ? { app, metric, tags } : { app, metric }))
    },
    async newest(app, metric) {
      const series = await queryInflux(
        c,
        `SELECT last("value") FROM ${from} WHERE "app" = ${stringLit(app)} AND "metric" = ${stringLit(metric)}`,
      )
      const row = series[0]?.values[0]
      return row ? new Date(numberAt(row, 0, 'time')) : null
    },
    ping: (timeoutMs) => pingInflux(c, timeoutMs),

    async close() {
      // The influx client holds no open connections beyond node's keep-alive agent.
    },
  }
}
