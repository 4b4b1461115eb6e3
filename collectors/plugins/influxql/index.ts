// influxql: reads metrics that Telegraf (or anything else) already writes to
// an InfluxDB, one InfluxQL SELECT per mapping. Each query is a target: its
// failure is reported with URL and query, and the other queries go on.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { asError, targetLabel } from '../../shared/http-request.ts'
import { queryDetail, queryUrl, runInfluxQuery } from './api.ts'
import { parseInfluxqlConfig, type InfluxqlConfig, type InfluxQuery } from './config.ts'
import { mapInfluxSeries } from './mapping.ts'

async function collectQuery(config: InfluxqlConfig, query: InfluxQuery, acc: Accumulator, ctx: CollectorContext): Promise<void> {
  const label = targetLabel(queryUrl(config.url), queryDetail(query.query))
  try {
    const series = await runInfluxQuery(
      {
        url: config.url,
        database: config.database,
        retentionPolicy: config.retentionPolicy,
        auth: config.auth,
        timeoutMs: parseDurationMs(config.timeout),
        signal: ctx.signal,
      },
      query.query,
    )
    // An empty answer usually means a wrong measurement/field name or Telegraf has stopped writing.
    if (series.length === 0) {
      acc.addError(new Error(`${label} returned no series`))
      return
    }
    const mapped = mapInfluxSeries(series, query, ctx.now())
    for (const sample of mapped.samples) acc.add(sample)
    if (mapped.problems.length > 0) {
      const more = mapped.problems.length > 3 ? ` (and ${mapped.problems.length - 3} more)` : ''
      acc.addError(new Error(`${label} ${mapped.problems.slice(0, 3).join('; ')}${more}`))
    }
  } catch (err) {
    acc.addError(asError(err, label))
  }
}

export const influxqlPlugin: CollectorPlugin<InfluxqlConfig> = {
  type: 'influxql',
  parseConfig: parseInfluxqlConfig,
  async collect(config, acc, ctx) {
    await Promise.all(config.queries.map((query) => collectQuery(config, query, acc, ctx)))
  },
}

export default influxqlPlugin
