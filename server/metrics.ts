// Every prom-client metric Headroom exposes, declared once, with help text
// and a fixed, low-cardinality label set. Gauges read the current state when
// scraped (collect callbacks), so nothing has to remember to update them.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { CapacitySnapshot, Rag } from './capacity/types.ts'

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

export interface MetricsSources {
  snapshot: () => CapacitySnapshot | null
  collectors: () => readonly CollectorHealthView[]
  ingestBuffered: () => number
}

const ragValue: Record<Rag, number> = { unknown: -1, green: 0, amber: 1, red: 2 }

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'headroom_process_' })

  const metricGauge = (name: string, help: string, pick: (m: CapacitySnapshot['applications'][number]['metrics'][number]) => number | null) =>
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
  metricGauge('headroom_breakpoint', 'Effective breakpoint (tightest limit, scaled to live) in the metric unit.', (m) => m.breakpoint)
  metricGauge('headroom_metric_rag', 'RAG of the metric: -1 unknown, 0 green, 1 amber, 2 red.', (m) => ragValue[m.rag])
  metricGauge('headroom_series_stale', '1 when the series has had no sample for staleIntervals of its own interval.', (m) => (m.stale ? 1 : 0))
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
      for (const c of sources.snapshot()?.chains ?? []) if (c.headroomFraction !== null) this.set({ chain: c.id }, c.headroomFraction)
    },
  })

  new Gauge({
    name: 'headroom_collector_up',
    help: '1 when the collector\'s last run succeeded.',
    labelNames: ['collector', 'type'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors()) this.set({ collector: c.id, type: c.type }, c.state === 'ok' || c.state === 'running' ? 1 : 0)
    },
  })
  new Gauge({
    name: 'headroom_collector_last_success_timestamp_seconds',
    help: 'Unix time of the collector\'s last successful run.',
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
    help: 'Duration of the collector\'s last run.',
    labelNames: ['collector'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const c of sources.collectors()) if (c.lastDurationMs !== null) this.set({ collector: c.id }, c.lastDurationMs / 1000)
    },
  })
  new Gauge({
    name: 'headroom_collector_samples',
    help: 'Samples gathered by the collector\'s last run.',
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

  return { registry, ingestSamples, ingestRejected, storeWrites, snapshotPushes }
}

export type Metrics = ReturnType<typeof createMetrics>
