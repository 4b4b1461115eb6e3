// A small estate (gateway → database chain), real snapshots computed by the
// capacity engine from chosen values, and rules compiled by the real config
// code, so alert tests exercise what the server runs.
import type { AlertContext, CollectorHealthLike } from '../../server/alerts/evaluation/conditions/types.ts'
import type { AlertRule } from '../../server/alerts/evaluation/rule.ts'
import { computeSnapshot } from '../../server/capacity/snapshot/snapshot.ts'
import type { MetricEngineView } from '../../server/capacity/snapshot/engine-view.ts'
import type { CapacitySnapshot } from '../../server/capacity/snapshot/types.ts'
import { compileGroups } from '../../server/config/alerts-compile.ts'
import { alertGroupSchema, type AlertsConfig } from '../../server/config/alerts-schema.ts'
import { formatPath } from '../../server/config/problems.ts'
import { estateSchema, type Estate } from '../../server/config/schema.ts'

export const T0 = new Date('2026-03-02T09:00:00Z')

const limit = (value: number, date = '2025-06-01') => [{ name: 'vendor', value, evidence: { source: 'vendor', date } }]

export const estate: Estate = estateSchema.parse({
  name: 'test estate',
  defaults: { warn: 0.7, critical: 0.85, evidenceMaxAgeDays: 365 },
  applications: [
    {
      id: 'gw',
      name: 'Gateway',
      layer: 'edge',
      metrics: [{ id: 'tps', name: 'Requests', kind: 'throughput', unit: 'tps', limits: limit(100), leadTimeDays: 30 }],
    },
    {
      id: 'db',
      name: 'Database',
      layer: 'core',
      metrics: [
        {
          id: 'conn',
          name: 'Connections',
          kind: 'concurrency',
          unit: 'connections',
          limits: limit(50, '2024-01-01'),
          leadTimeDays: 60,
        },
      ],
    },
    {
      id: 'queue',
      name: 'Queue',
      metrics: [{ id: 'depth', name: 'Depth', kind: 'storage', unit: 'messages', limits: limit(1000), leadTimeDays: 10 }],
    },
  ],
  chains: [
    {
      id: 'orders',
      name: 'Orders',
      steps: [
        { app: 'gw', metric: 'tps' },
        { app: 'db', metric: 'conn' },
      ],
    },
  ],
})

/** values: 'app/metric' → latest (also the 24 h peak unless peaks says otherwise). */
export function snapshot(
  values: Record<string, number>,
  now: Date = T0,
  opts: { peaks?: Record<string, number>; ageMs?: Record<string, number>; intervalMs?: number } = {},
): CapacitySnapshot {
  const obs = new Map(
    Object.entries(values).map(([key, value]) => [
      key,
      {
        latest: { value, at: new Date(now.getTime() - (opts.ageMs?.[key] ?? 0)) },
        peak24h: opts.peaks?.[key] ?? value,
        intervalMs: opts.intervalMs ?? 5000,
      },
    ]),
  )
  return computeSnapshot(estate, obs, now)
}

/** Puts an engine verdict on one metric of a snapshot (what mergeEngineResult does with a real result). */
export function withEngine(s: CapacitySnapshot, key: string, view: Partial<MetricEngineView>): CapacitySnapshot {
  const base: MetricEngineView = {
    p50Breach: null,
    p90Breach: null,
    breachReason: 'no breach',
    orderBy: null,
    slackDays: null,
    orderReason: '',
    slackRag: 'green',
    slackReason: '',
    utilisationRag: 'green',
    leadTimeDays: 30,
    safetyBufferDays: 14,
    upgrade: null,
    forecast: null,
    forecastReason: null,
    evidence: { limit: 'vendor', source: 'vendor', date: '2025-06-01', ageDays: 274, stale: false },
  }
  return {
    ...s,
    applications: s.applications.map((a) => ({
      ...a,
      metrics: a.metrics.map((m) => (`${m.app}/${m.metric}` === key ? { ...m, engine: { ...base, ...view } } : m)),
    })),
  }
}

export function context(s: CapacitySnapshot, now: Date = T0, collectors: CollectorHealthLike[] = []): AlertContext {
  return { estate, snapshot: s, collectors, now }
}

/** Rules from alerts.yaml-shaped groups; throws with every problem when they do not compile. */
export function rules(groups: unknown[]): AlertRule[] {
  const problems: string[] = []
  const compiled = compileGroups(
    groups.map((g) => alertGroupSchema.parse(g)),
    { estate, collectorIds: ['sim', 'prom'] },
    (path, message) => problems.push(`${formatPath(path)}: ${message}`),
  )
  if (problems.length > 0) throw new Error(problems.join('\n'))
  return compiled
}

/** alerts.yaml as the service uses it: these groups, chains inhibited, no notifiers. */
export function alertsConfig(groups: unknown[]): AlertsConfig {
  return {
    source: 'file',
    evaluationIntervalMs: 15_000,
    resolvedRetentionMs: 3_600_000,
    externalUrl: null,
    inhibitChains: true,
    rules: rules(groups),
    alertmanager: null,
    webhooks: [],
  }
}

export function rule(r: Record<string, unknown>): AlertRule[] {
  return rules([{ name: 'test', rules: [r] }])
}

export function collector(id: string, failures: number, state = failures > 0 ? 'failing' : 'ok'): CollectorHealthLike {
  return {
    id,
    type: 'http-json',
    state,
    enabled: true,
    consecutiveFailures: failures,
    lastSuccess: null,
    lastError: failures > 0 ? { at: T0.toISOString(), message: '[url=http://x] timed out after 5s' } : null,
  }
}
