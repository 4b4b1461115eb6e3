// prometheus: PromQL instant queries each run, range queries for start-up
// backfill. Each query is a target: its failure is reported with the URL and
// the query, and the other queries go on.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { asError, targetLabel, TargetError } from '../../shared/http-request.ts'
import { CounterState, normaliseSamples } from '../../shared/value-kind.ts'
import { RateTracker } from '../../rates.ts'
import { queryDetail, runQuery, type PromEndpoint } from './api.ts'
import { parsePrometheusConfig, type PrometheusConfig, type PrometheusQuery } from './config.ts'
import { mapSeries } from './mapping.ts'

// Prometheus refuses range queries over 11,000 points per series; stay under it.
const maxPointsPerRangeQuery = 10_000

function endpointOf(config: PrometheusConfig, ctx: CollectorContext): PromEndpoint {
  return {
    url: config.url,
    auth: config.auth,
    headers: config.headers,
    timeoutMs: parseDurationMs(config.timeout),
    signal: ctx.signal,
  }
}

const seconds = (d: Date): string => (d.getTime() / 1000).toFixed(3)

const counters = new CounterState()

/** Where one query's counter baselines live, and what names them apart from other queries'. */
interface QueryRun {
  query: PrometheusQuery
  index: number
  tracker: RateTracker
}

function report(
  run: QueryRun,
  label: string,
  result: { series: Parameters<typeof mapSeries>[0]; warnings: string[] },
  acc: Accumulator,
  ctx: CollectorContext,
  window?: { from: Date; to: Date },
): void {
  const { query } = run
  for (const warning of result.warnings) ctx.log.warn({ collector: ctx.id, query: query.expr }, `Prometheus warning: ${warning}`)
  const mapped = mapSeries(result.series, query, window)
  const normalised = normaliseSamples(mapped.samples, query, run.tracker, [String(run.index), query.expr, query.metric])
  for (const sample of normalised.samples) acc.add(sample)
  mapped.problems.push(...normalised.problems)
  if (normalised.resets.length > 0)
    ctx.log.debug({ collector: ctx.id, query: query.expr, resets: normalised.resets }, 'counter reset')
  if (mapped.nonFinite > 0)
    ctx.log.debug({ collector: ctx.id, query: query.expr, dropped: mapped.nonFinite }, 'dropped NaN/Inf points')
  if (mapped.problems.length > 0) {
    const more = mapped.problems.length > 3 ? ` (and ${mapped.problems.length - 3} more)` : ''
    acc.addError(new Error(`${label} ${mapped.problems.slice(0, 3).join('; ')}${more}`))
  }
  // No series at all usually means a typo in a metric name or a target that is down: say so.
  if (result.series.length === 0 && !window) acc.addError(new Error(`${label} returned no series`))
}

async function collectQuery(config: PrometheusConfig, run: QueryRun, acc: Accumulator, ctx: CollectorContext): Promise<void> {
  const { query } = run
  const label = targetLabel(`${config.url.replace(/\/+$/, '')}/api/v1/query`, queryDetail(query.expr))
  try {
    // Evaluate at the scheduler's clock, so every query of a run shares one timestamp.
    const result = await runQuery(endpointOf(config, ctx), '/api/v1/query', { query: query.expr, time: seconds(ctx.now()) })
    report(run, label, result, acc, ctx)
  } catch (err) {
    acc.addError(asError(err, label))
  }
}

async function backfillQuery(
  config: PrometheusConfig,
  query: PrometheusQuery,
  index: number,
  from: Date,
  to: Date,
  acc: Accumulator,
  ctx: CollectorContext,
): Promise<void> {
  const label = targetLabel(`${config.url.replace(/\/+$/, '')}/api/v1/query_range`, queryDetail(query.expr))
  const stepMs = parseDurationMs(config.backfillStep)
  const chunkMs = stepMs * maxPointsPerRangeQuery
  // Its own baselines: history is rated point to point across chunk seams and
  // never disturbs the live collection's baseline.
  const run: QueryRun = { query, index, tracker: new RateTracker() }
  try {
    for (let start = from.getTime(); start < to.getTime(); start += chunkMs) {
      if (ctx.signal.aborted) throw new TargetError(`${label} aborted: the collector run was cancelled (run timeout or shutdown)`)
      const end = Math.min(start + chunkMs, to.getTime())
      const window = { from: new Date(start), to: new Date(end) }
      const result = await runQuery(endpointOf(config, ctx), '/api/v1/query_range', {
        query: query.expr,
        start: seconds(window.from),
        // The API's end is inclusive; [from, to) is filtered again in mapSeries.
        end: seconds(new Date(end - 1)),
        step: `${stepMs / 1000}`,
      })
      report(run, label, result, acc, ctx, window)
    }
  } catch (err) {
    acc.addError(asError(err, label))
  }
}

export const prometheusPlugin: CollectorPlugin<PrometheusConfig> = {
  type: 'prometheus',
  parseConfig: parsePrometheusConfig,
  async collect(config, acc, ctx) {
    const tracker = counters.trackerFor(ctx.id, ctx.now())
    await Promise.all(config.queries.map((query, index) => collectQuery(config, { query, index, tracker }, acc, ctx)))
  },
  async backfill(config, from, to, acc, ctx) {
    // One query at a time: backfill runs at start-up next to everything else and must not swamp Prometheus.
    for (const [index, query] of config.queries.entries()) await backfillQuery(config, query, index, from, to, acc, ctx)
  },
  async close() {
    counters.clear()
  },
}

export default prometheusPlugin
