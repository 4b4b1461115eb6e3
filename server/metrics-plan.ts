// The tracked plan's gauges (issue 14): N-1 per resilience group and late
// deliveries, for alert rules in Prometheus. Seconds, like the other time gauges.
import { Gauge, type Registry } from 'prom-client'
import type { EngineResult } from './capacity/snapshot/engine-result.ts'
import { DAY_SECONDS, ragValue } from './metrics-units.ts'

export function registerPlanGauges(registry: Registry, engine: () => EngineResult | null): void {
  const groupGauge = (name: string, help: string, pick: (g: EngineResult['resilience']['groups'][number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['group'] as const,
      registers: [registry],
      collect() {
        this.reset()
        for (const g of engine()?.resilience.groups ?? []) {
          const v = pick(g)
          if (v !== null && Number.isFinite(v)) this.set({ group: g.id }, v)
        }
      },
    })
  groupGauge(
    'headroom_n1_headroom_ratio',
    'Headroom fraction of the resilience group with its largest unit lost (N-1).',
    (g) => g.n1.headroomFraction,
  )
  groupGauge(
    'headroom_n1_time_to_breach_seconds',
    'Time until the P90 forecast reaches the N-1 capacity, in whole days as seconds; absent when no breach within the horizon.',
    (g) => (g.p90Breach ? g.p90Breach.days * DAY_SECONDS : null),
  )
  groupGauge('headroom_n1_rag', 'N-1 RAG of the group: -1 unknown, 0 green, 1 amber, 2 red.', (g) => ragValue[g.rag])
  new Gauge({
    name: 'headroom_upgrade_delivery_late_seconds',
    help: 'How long after the P90 breach it prevents an ordered upgrade lands, in whole days as seconds; absent when it lands in time.',
    labelNames: ['upgrade', 'app', 'metric'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const m of engine()?.metrics ?? [])
        for (const d of m.plan?.deliveries ?? [])
          if (d.daysLate !== null) this.set({ upgrade: d.id, app: m.app, metric: m.metric }, d.daysLate * DAY_SECONDS)
    },
  })
}
