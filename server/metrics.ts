// Every prom-client metric Headroom exposes, declared once, with help text
// and a fixed, low-cardinality label set. Gauges read the current state when
// scraped (collect callbacks), so nothing has to remember to update them.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { CapacitySnapshot } from './capacity/snapshot/types.ts'
import type { EngineResult } from './capacity/snapshot/engine-result.ts'
import type { AlertMetricSources } from './metrics-alerts.ts'
import { registerAlertMetrics } from './metrics-alerts.ts'
import { DAY_SECONDS, ragValue } from './metrics-units.ts'
import { registerPlanGauges } from './metrics-plan.ts'

/** What /metrics needs to know about collectors (the scheduler's health records satisfy it). */
export interface CollectorHealthView {
  id: string
  type: string
  state: string
  lastSuccess: Date | string | null
  lastDurationMs: number | null
  lastSamples: number
  errorCount: number
}

export interface MetricsSources extends AlertMetricSources {
  snapshot: () => CapacitySnapshot | null
  collectors: () => readonly CollectorHealthView[]
  ingestBuffered: () => number
  /** The capacity engine's latest result (forecast gauges); absent or null = no such gauges yet. */
  engine?: () => EngineResult | null
  /** The disk spool's bytes and limit; absent or null = no spool in this process. */
  spool?: () => { bytes: number; maxBytes: number } | null
  /** Does the store answer its ping? Absent = not monitored. */
  storeUp?: () => boolean
}

/**
 * prom-client's defaults also export nodejs_active_{handles,requests,resources}_total:
 * gauges with a counter's suffix, which promtool rejects. The same figures
 * stay available without it (nodejs_active_handles{type} and friends).
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry()
  // No prefix: process_* and nodejs_* are the names every Node dashboard expects (a prefix doubled "process_process_").
  collectDefaultMetrics({ register: registry })
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name)

  const metricGauge = (
    name: string,
    help: string,
    pick: (m: CapacitySnapshot['applications'][number]['metrics'][number]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['app', 'metric'] as const,
      registers: [registry],
      collect() {
        this.reset()
        for (const app of sources.snapshot()?.applications ?? [])
          for (const m of app.metrics) {
            const v = pick(m)
            if (v !== null && Number.isFinite(v)) this.set({ app: m.app, metric: m.metric }, v)
          }
      },
    })

  metricGauge('headroom_utilisation_ratio', 'Latest value divided by the breakpoint.', (m) => m.utilisation)
  metricGauge('headroom_peak_utilisation_ratio', '24 h peak divided by the breakpoint (drives RAG).', (m) => m.peakUtilisation)
  metricGauge('headroom_headroom_ratio', 'Fraction of the breakpoint still free at the 24 h peak.', (m) => m.headroomFraction)
  metricGauge(
    'headroom_breakpoint',
    'Effective breakpoint (tightest limit, scaled to live) in the metric unit.',
    (m) => m.breakpoint,
  )
  metricGauge('headroom_metric_rag', 'RAG of the metric: -1 unknown, 0 green, 1 amber, 2 red.', (m) => ragValue[m.rag])
  // Judged at scrape time from the snapshot's threshold: the snapshot may be up to a minute old when a source goes quiet.
  metricGauge('headroom_series_stale', '1 when the series has had no sample for staleIntervals of its own interval.', (m) =>
    m.stale || (m.at !== null && m.staleAfterSeconds !== null && (Date.now() - Date.parse(m.at)) / 1000 > m.staleAfterSeconds)
      ? 1
      : 0,
  )
  // Age at scrape time, not at the last snapshot, so a quiet series keeps ageing between snapshots.
  metricGauge('headroom_series_last_sample_age_seconds', 'Seconds since the latest sample of the series.', (m) =>
    m.at === null ? null : Math.max(0, (Date.now() - Date.parse(m.at)) / 1000),
  )

  new Gauge({
    name: 'headroom_chain_headroom_ratio',
    help: 'Headroom fraction of the chain bottleneck step.',
    labelNames: ['chain'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.snapshot()?.chains ?? [])
        if (c.headroomFraction !== null) this.set({ chain: c.id }, c.headroomFraction)
    },
  })

  // Engine gauges: a series is absent (not 0) when there is no date, so "no breach" never reads as "breaks today".
  // Seconds, the Prometheus base unit (whole days × 86 400; 0 = today). `bound`, not `quantile`: these are not a summary.
  new Gauge({
    name: 'headroom_time_to_breakpoint_seconds',
    help: 'Time until the forecast daily peak reaches the breakpoint (bound p50 = likely, p90 = pessimistic), in whole days as seconds; absent when no breach within the horizon.',
    labelNames: ['app', 'metric', 'bound'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const m of sources.engine?.()?.metrics ?? []) {
        if (m.p50Breach) this.set({ app: m.app, metric: m.metric, bound: 'p50' }, m.p50Breach.days * DAY_SECONDS)
        if (m.p90Breach) this.set({ app: m.app, metric: m.metric, bound: 'p90' }, m.p90Breach.days * DAY_SECONDS)
      }
    },
  })
  new Gauge({
    name: 'headroom_order_slack_seconds',
    help: 'Order-by date (P90 breach - lead time - safety buffer) minus today, in whole days as seconds; negative = the order is late; absent when no breach within the horizon.',
    labelNames: ['app', 'metric'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const m of sources.engine?.()?.metrics ?? [])
        if (m.slackDays !== null) this.set({ app: m.app, metric: m.metric }, m.slackDays * DAY_SECONDS)
    },
  })
  new Gauge({
    name: 'headroom_chain_spare_tps',
    help: 'Spare chain transactions/s at the chain bottleneck at the 24 h peak (negative = over capacity).',
    labelNames: ['chain'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.engine?.()?.chains ?? [])
        if (c.spare !== null && Number.isFinite(c.spare)) this.set({ chain: c.chain }, c.spare)
    },
  })
  new Gauge({
    name: 'headroom_chain_capacity_tps',
    help: 'Chain capacity in chain transactions/s: the smallest step capacity (breakpoint / fan-out).',
    labelNames: ['chain'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.engine?.()?.chains ?? []) if (Number.isFinite(c.capacity)) this.set({ chain: c.chain }, c.capacity)
    },
  })
  new Gauge({
    name: 'headroom_chain_bottleneck_info',
    help: 'Always 1: the chain step that is the bottleneck now (position="current") and after its upgrade (position="next").',
    labelNames: ['chain', 'position', 'app', 'metric'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.engine?.()?.chains ?? []) {
        for (const [position, key] of [
          ['current', c.bottleneckKey],
          ['next', c.nextBottleneckKey],
        ] as const) {
          const [app, metric] = key?.split('/') ?? []
          if (app && metric) this.set({ chain: c.chain, position, app, metric }, 1)
        }
      }
    },
  })

  registerPlanGauges(registry, () => sources.engine?.() ?? null)

  new Gauge({
    name: 'headroom_collector_up',
    help: "1 when the collector's last run succeeded.",
    labelNames: ['collector', 'type'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors())
        this.set({ collector: c.id, type: c.type }, c.state === 'ok' || c.state === 'running' ? 1 : 0)
    },
  })
  new Gauge({
    name: 'headroom_collector_last_success_timestamp_seconds',
    help: "Unix time of the collector's last successful run.",
    labelNames: ['collector'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors())
        if (c.lastSuccess) this.set({ collector: c.id }, new Date(c.lastSuccess).getTime() / 1000)
    },
  })
  new Gauge({
    name: 'headroom_collector_duration_seconds',
    help: "Duration of the collector's last run.",
    labelNames: ['collector'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors()) if (c.lastDurationMs !== null) this.set({ collector: c.id }, c.lastDurationMs / 1000)
    },
  })
  new Gauge({
    name: 'headroom_collector_samples',
    help: "Samples gathered by the collector's last run.",
    labelNames: ['collector'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors()) this.set({ collector: c.id }, c.lastSamples)
    },
  })
  new Gauge({
    name: 'headroom_collector_errors',
    help: 'Failed runs of the collector since start.',
    labelNames: ['collector'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors()) this.set({ collector: c.id }, c.errorCount)
    },
  })
  new Gauge({
    name: 'headroom_ingest_buffered_points',
    help: 'Points waiting in the write pipeline.',
    registers: [registry],
    collect() {
      this.set(sources.ingestBuffered())
    },
  })

  new Gauge({
    name: 'headroom_spool_bytes',
    help: 'Bytes of unsent points in the disk spool (write-ahead segments).',
    registers: [registry],
    collect() {
      const spool = sources.spool?.()
      if (spool) this.set(spool.bytes)
    },
  })
  new Gauge({
    name: 'headroom_spool_fill_ratio',
    help: 'Disk spool bytes divided by its limit; at 1 the oldest segment is dropped.',
    registers: [registry],
    collect() {
      const spool = sources.spool?.()
      if (spool) this.set(spool.bytes / spool.maxBytes)
    },
  })
  new Gauge({
    name: 'headroom_store_up',
    help: '1 when the store answers its ping within the budget, 0 while it is unreachable or stalled.',
    registers: [registry],
    collect() {
      const up = sources.storeUp?.()
      if (up !== undefined) this.set(up ? 1 : 0)
    },
  })
  const spoolDropped = new Counter({
    name: 'headroom_spool_dropped_points_total',
    help: 'Accepted points lost because the disk spool was full (its oldest segment was dropped).',
    registers: [registry],
  })

  const ingestSamples = new Counter({
    name: 'headroom_ingest_samples_total',
    help: 'Samples offered to the write pipeline by outcome (accepted, rejected, dropped).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  const ingestRejected = new Counter({
    name: 'headroom_ingest_rejected_total',
    help: 'Samples rejected by validation, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  })
  const storeWrites = new Counter({
    name: 'headroom_store_writes_total',
    help: 'Batches written to the store by result (ok, error).',
    labelNames: ['result'] as const,
    registers: [registry],
  })
  const snapshotPushes = new Counter({
    name: 'headroom_snapshot_pushes_total',
    help: 'Snapshots pushed to browsers because something changed.',
    registers: [registry],
  })

  const notifiers = registerAlertMetrics(registry, sources)

  return {
    registry,
    ingestSamples,
    ingestRejected,
    storeWrites,
    snapshotPushes,
    spoolDropped,
    ...notifiers,
  }
}

export type Metrics = ReturnType<typeof createMetrics>
