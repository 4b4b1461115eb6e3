// influxql: reads metrics that Telegraf (or anything else) already writes to
// an InfluxDB, one InfluxQL SELECT per mapping. Each query is a target: its
// failure is reported with URL and query, and the other queries go on.
// Raw counters (`type: counter`) are rated here per series with their
// baseline kept per collector id; `unit`/`as` convert the stored value.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { asError, targetLabel } from '../../shared/http-request.ts'
import { CounterState, normaliseSamples } from '../../shared/value-kind.ts'
import type { RateTracker } from '../../rates.ts'
import { queryDetail, queryUrl, runInfluxQuery } from './api.ts'
import { parseInfluxqlConfig, type InfluxqlConfig, type InfluxQuery } from './config.ts'
import { mapInfluxSeries } from './mapping.ts'

const counters = new CounterState()

async function collectQuery(
  config: InfluxqlConfig,
  query: InfluxQuery,
  index: number,
  tracker: RateTracker,
  acc: Accumulator,
  ctx: CollectorContext,
): Promise<void> {
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
    // A `last` query answered with the same newest point as the run before is
    // "stale" to the tracker: no rate is made up from a repeated reading.
    const normalised = normaliseSamples(mapped.samples, query, tracker, [String(index), query.query, query.metric])
    for (const sample of normalised.samples) acc.add(sample)
    mapped.problems.push(...normalised.problems)
    if (normalised.resets.length > 0)
      ctx.log.debug({ collector: ctx.id, query: query.query, resets: normalised.resets }, 'counter reset')
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
    const tracker = counters.trackerFor(ctx.id, ctx.now())
    await Promise.all(config.queries.map((query, index) => collectQuery(config, query, index, tracker, acc, ctx)))
  },
  async close() {
    counters.clear()
  },
}

export default influxqlPlugin
