// computeEngine(): the one pure call the server makes per refresh. It puts
// the engine's functions together — per metric: daily-peak forecast, breach
// dates, order-by and slack, RAG from utilisation and slack, evidence age;
// across the estate: the ranked upgrade list, chain bottlenecks (and the next
// one after an upgrade), and the limits to re-test. Forecasts are reused from
// `input.cache` whenever the completed days' peaks have not changed.
import type { Estate, MetricConfig } from '../config/schema.ts'
import { bottleneckChains } from './chains/chain-capacity.ts'
import { chainResultsSteps } from './chains/chain-results.ts'
import type { CachedSeries, EngineCache } from './forecast/series-types.ts'
import type { DriverEngineResult, EngineResult, EngineStats, MetricEngineResult } from './snapshot/engine-result.ts'
import type { EngineInput } from './engine-input.ts'
import { backtestSeries, forecastOptionsOf, forecastSeries, summarise, type SeriesJob } from './forecast/series.ts'
import { evidenceAgeDays } from './limits/evidence.ts'
import { limitsToReviewSteps } from './feedback/feedback.ts'
import type { DailyPeakForecast } from './forecast/forecast.ts'
import type { Bounds } from './forecast/selection/variants.ts'
import { effectiveLimit } from './limits/limits.ts'
import { planMetric } from './tracked/metric-plan.ts'
import { withPlanSteps } from './tracked/plan-rows.ts'
import { prioritiseUpgradesSteps } from './planning/priority.ts'
import { worstRag } from './limits/rag.ts'
import { slackLegend } from './planning/slack-rag.ts'
import { resilienceOf } from './resilience/engine-lookup.ts'
import type { MetricStatus } from './snapshot/types.ts'
import { seriesKey } from './snapshot/snapshot.ts'
import { runSteps } from './steps.ts'

/** The one series key ('app/metric'), shared with the live snapshot. */
export const metricKey = seriesKey
export const driverKey = (driver: string): string => `drivers/${driver}`

interface Pass {
  input: EngineInput
  cache: Map<string, CachedSeries>
  stats: EngineStats
  job: Omit<SeriesJob, 'buckets' | 'version' | 'previous'>
}

/** Phase 1: every series' forecast (fullest metrics first, so a fit budget goes where it matters). */
function* forecastAll(
  pass: Pass,
  keys: readonly { key: string; buckets: SeriesJob['buckets']; bounds?: Bounds | undefined }[],
): Generator<void, void> {
  for (const { key, buckets, bounds } of keys) {
    yield
    const outcome = forecastSeries({
      ...pass.job,
      // A metric's own bounds are part of what its forecast depends on, so of its fingerprint too.
      ...(bounds
        ? { options: { ...pass.job.options, bounds }, optionsKey: `${pass.job.optionsKey}|${JSON.stringify(bounds)}` }
        : {}),
      buckets,
      version: pass.input.versions?.get(key) ?? null,
      previous: pass.input.cache?.series.get(key),
    })
    pass.cache.set(key, outcome.entry)
    if (outcome.fitted) pass.stats.fitted++
    else pass.stats.reused++
  }
  // Phase 2: back-tests with what is left of the budget.
  for (const { key } of keys) {
    yield
    const outcome = backtestSeries(pass.cache.get(key) as CachedSeries, pass.job)
    pass.cache.set(key, outcome.entry)
    if (outcome.backtested) pass.stats.backtested++
  }
  for (const e of pass.cache.values()) {
    const backtestDue = pass.job.backtest === 'holdout' && pass.job.backtestDays > 0 && e.forecast.ok && e.backtest === null
    if (e.provisional || backtestDue) pass.stats.pending++
  }
}

function metricResult(pass: Pass, app: string, metric: MetricConfig, status: MetricStatus | undefined): MetricEngineResult {
  const { estate, settings, now } = pass.input
  const key = metricKey(app, metric.id)
  const entry = pass.cache.get(key) as CachedSeries
  const limit = effectiveLimit(metric)
  const breakpoint = status?.breakpoint ?? limit.value
  const peak24h = status?.peak24h ?? null
  const forecast = entry.forecast.ok ? entry.forecast.value : null
  const forecastReason = entry.forecast.ok ? null : entry.forecast.reason
  const buffer = settings.safetyBufferDays
  // Ordered upgrades are steps in the breakpoint: breach, order-by and slack reflect the plan.
  const { breach, upgrade, leadTimeDays, order, slack, plan } = planMetric({
    metric,
    breakpoint,
    peak24h,
    forecastBand: forecast ? forecast.band : null,
    forecastNoise90: forecast ? forecast.noise90 : null,
    forecastReason,
    ordered: (pass.input.plan ?? []).filter((u) => u.app === app && u.metric === metric.id && u.state === 'ordered'),
    safetyBufferDays: buffer,
    now,
  })
  const utilRag = status?.rag ?? 'unknown'
  const rag = worstRag([utilRag, slack.rag])
  const ageDays = evidenceAgeDays(limit.limit, now)
  return {
    key,
    app,
    metric: metric.id,
    breakpoint,
    peak24h,
    forecast: forecast
      ? summarise(forecast, entry.backtest, entry.backtestAsOf, pass.job.backtest, pass.job.backtestDays, entry.provisional)
      : null,
    forecastReason,
    p50Breach: breach.p50,
    p90Breach: breach.p90,
    breachReason: breach.reason,
    upgrade,
    leadTimeDays,
    safetyBufferDays: buffer,
    orderBy: order.orderBy,
    slackDays: order.slackDays,
    orderReason: order.reason,
    slackRag: slack.rag,
    slackReason: slack.reason,
    rag,
    reason: rag === slack.rag && rag !== utilRag ? slack.reason : (status?.reason ?? slack.reason),
    evidence: {
      limit: limit.name,
      source: limit.limit.evidence.source,
      date: limit.limit.evidence.date,
      ageDays,
      stale: ageDays > estate.defaults.evidenceMaxAgeDays,
    },
    plan,
  }
}

function driverResult(pass: Pass, id: string): DriverEngineResult {
  const key = driverKey(id)
  const entry = pass.cache.get(key) as CachedSeries
  const f = entry.forecast.ok ? entry.forecast.value : null
  const last = f ? f.band.dates.length - 1 : -1
  const end = f?.band.dates[last]
  return {
    key,
    driver: id,
    forecast: f
      ? summarise(f, entry.backtest, entry.backtestAsOf, pass.job.backtest, pass.job.backtestDays, entry.provisional)
      : null,
    forecastReason: entry.forecast.ok ? null : entry.forecast.reason,
    horizonEnd: f && end ? { date: end, p50: f.band.p50[last] as number, p90: f.band.p90[last] as number } : null,
  }
}

/** A metric's forecast bounds from its config; undefined for the default (non-negative, no cap). */
export function forecastBounds(estate: Estate, metric: MetricConfig): Bounds | undefined {
  const lower = metric.forecastBounds ? metric.forecastBounds.min : 0
  const upper = metric.forecastBounds?.max ?? estate.defaults.forecastMaxByKind?.[metric.kind] ?? null
  return lower === 0 && upper === null ? undefined : { lower, upper }
}

/** Every series the engine forecasts, with the options it forecasts them with; lets a caller pre-fit them elsewhere (e.g. in worker threads). */
export function engineSeries(
  input: Pick<EngineInput, 'estate' | 'settings' | 'history' | 'drivers'>,
): { key: string; buckets: SeriesJob['buckets']; bounds?: Bounds | undefined }[] {
  return [
    ...input.estate.applications.flatMap((a) =>
      a.metrics.map((m) => {
        const key = metricKey(a.id, m.id)
        return { key, buckets: input.history.get(key), bounds: forecastBounds(input.estate, m) }
      }),
    ),
    ...input.estate.drivers.map((d) => ({ key: driverKey(d.id), buckets: input.drivers?.get(driverKey(d.id)) })),
  ]
}

export function computeEngine(input: EngineInput): EngineResult {
  return runSteps(computeEngineSteps(input))
}

/**
 * computeEngine() one series at a time: it yields after each series'
 * forecast and each metric's verdict, so a caller with thousands of metrics
 * can give its event loop a turn between steps. Still pure: no clock, no I/O.
 */
export function* computeEngineSteps(input: EngineInput): Generator<void, EngineResult> {
  const { estate, settings, now, snapshot } = input
  const options = forecastOptionsOf(settings)
  const pass: Pass = {
    input,
    cache: new Map(),
    stats: { metrics: 0, drivers: 0, fitted: 0, reused: 0, backtested: 0, pending: 0 },
    job: {
      now,
      options,
      optionsKey: JSON.stringify(options),
      backtestDays: settings.forecast.backtestDays,
      backtest: input.backtest ?? 'holdout',
      backend: input.backend,
      budget: { fits: input.fitBudget ?? Infinity },
    },
  }
  const statuses = new Map<string, MetricStatus>()
  for (const app of snapshot.applications) for (const m of app.metrics) statuses.set(metricKey(m.app, m.metric), m)
  // The lists here and below are ~10–15 ms each at 10 000 metrics: a turn apiece.
  yield
  // With a fit budget, the fullest metrics get the real model first; results still come out in estate order.
  const work = estate.applications.flatMap((app) =>
    app.metrics.map((m) => ({ app: app.id, m, status: statuses.get(metricKey(app.id, m.id)) })),
  )
  yield
  const byUtilisation = [...work].sort((a, b) => (b.status?.peakUtilisation ?? -1) - (a.status?.peakUtilisation ?? -1))
  yield
  yield* forecastAll(pass, [
    ...byUtilisation.map((w) => {
      const key = metricKey(w.app, w.m.id)
      return { key, buckets: input.history.get(key), bounds: forecastBounds(estate, w.m) }
    }),
    ...estate.drivers.map((d) => ({ key: driverKey(d.id), buckets: input.drivers?.get(driverKey(d.id)) })),
  ])
  const metrics: MetricEngineResult[] = []
  for (const w of work) {
    metrics.push(metricResult(pass, w.app, w.m, w.status))
    yield
  }
  pass.stats.metrics = metrics.length
  const drivers = estate.drivers.map((d) => driverResult(pass, d.id))
  pass.stats.drivers = drivers.length
  const byKey = new Map(metrics.map((m) => [m.key, m]))
  // The whole-estate steps below are tens of ms each at 1 000 metrics: a step apiece between yields.
  yield
  const chains = yield* chainResultsSteps(estate, statuses, byKey)
  const bottlenecks = bottleneckChains(chains)
  yield
  const ranked = yield* prioritiseUpgradesSteps(
    metrics.map((m) => ({
      app: m.app,
      metric: m.metric,
      slackDays: m.slackDays,
      orderBy: m.orderBy,
      p90Breach: m.p90Breach?.date ?? null,
      upgrade: m.upgrade,
      chains: bottlenecks.get(m.key) ?? [],
    })),
  )
  yield
  const upgrades = yield* withPlanSteps(
    ranked,
    (app, metric) => byKey.get(metricKey(app, metric))?.plan ?? null,
    input.plan ?? [],
  )
  yield
  // "Highest live peak seen": the history's best daily peak, or today's 24 h peak if higher.
  const livePeak = (app: string, metric: string): number | null => {
    const key = metricKey(app, metric)
    const fromHistory = pass.cache.get(key)?.maxPeak ?? null
    const today = statuses.get(key)?.peak24h ?? null
    return fromHistory === null ? today : today === null ? fromHistory : Math.max(fromHistory, today)
  }
  const cache: EngineCache = { series: pass.cache }
  const limits = yield* limitsToReviewSteps(estate, livePeak, now)
  yield
  const resilience = yield* resilienceOf(estate, statuses, byKey, (key) => engineForecast(cache, key)?.band ?? null, now)
  return {
    generatedAt: now.toISOString(),
    metrics,
    drivers,
    upgrades,
    chains,
    limits,
    legend: slackLegend(input.legend),
    resilience,
    stats: pass.stats,
    cache,
  }
}

/** The full P50/P90 band behind a summary (for charts), from a result's cache; null when refused or unknown. */
export function engineForecast(cache: EngineCache, key: string): DailyPeakForecast | null {
  const entry = cache.series.get(key)
  return entry?.forecast.ok ? entry.forecast.value : null
}
