// prometheus: PromQL instant queries each run, range queries for start-up
// backfill. Each query is a target: its failure is reported with the URL and
// the query, and the other queries go on.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { asError, targetLabel, TargetError } from '../../shared/http-request.ts'
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

function report(
  query: PrometheusQuery,
  label: string,
  result: { series: Parameters<typeof mapSeries>[0]; warnings: string[] },
  acc: Accumulator,
  ctx: CollectorContext,
  window?: { from: Date; to: Date },
): void {
  for (const warning of result.warnings) ctx.log.warn({ collector: ctx.id, query: query.expr }, `Prometheus warning: ${warning}`)
  const mapped = mapSeries(result.series, query, window)
  for (const sample of mapped.samples) acc.add(sample)
  if (mapped.nonFinite > 0)
    ctx.log.debug({ collector: ctx.id, query: query.expr, dropped: mapped.nonFinite }, 'dropped NaN/Inf points')
  if (mapped.problems.length > 0) {
    const more = mapped.problems.length > 3 ? ` (and ${mapped.problems.length - 3} more)` : ''
    acc.addError(new Error(`${label} ${mapped.problems.slice(0, 3).join('; ')}${more}`))
  }
  // No series at all usually means a typo in a metric name or a target that is down: say so.
  if (result.series.length === 0 && !window) acc.addError(new Error(`${label} returned no series`))
}

async function collectQuery(
  config: PrometheusConfig,
  query: PrometheusQuery,
  acc: Accumulator,
  ctx: CollectorContext,
): Promise<void> {
  const label = targetLabel(`${config.url.replace(/\/+$/, '')}/api/v1/query`, queryDetail(query.expr))
  try {
    // Evaluate at the scheduler's clock, so every query of a run shares one timestamp.
    const result = await runQuery(endpointOf(config, ctx), '/api/v1/query', { query: query.expr, time: seconds(ctx.now()) })
    report(query, label, result, acc, ctx)
  } catch (err) {
    acc.addError(asError(err, label))
  }
}

async function backfillQuery(
  config: PrometheusConfig,
  query: PrometheusQuery,
  from: Date,
  to: Date,
  acc: Accumulator,
  ctx: CollectorContext,
): Promise<void> {
  const label = targetLabel(`${config.url.replace(/\/+$/, '')}/api/v1/query_range`, queryDetail(query.expr))
  const stepMs = parseDurationMs(config.backfillStep)
  const chunkMs = stepMs * maxPointsPerRangeQuery
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
      report(query, label, result, acc, ctx, window)
    }
  } catch (err) {
    acc.addError(asError(err, label))
  }
}

export const prometheusPlugin: CollectorPlugin<PrometheusConfig> = {
  type: 'prometheus',
  parseConfig: parsePrometheusConfig,
  async collect(config, acc, ctx) {
    await Promise.all(config.queries.map((query) => collectQuery(config, query, acc, ctx)))
  },
  async backfill(config, from, to, acc, ctx) {
    // One query at a time: backfill runs at start-up next to everything else and must not swamp Prometheus.
    for (const query of config.queries) await backfillQuery(config, query, from, to, acc, ctx)
  },
}

export default prometheusPlugin
