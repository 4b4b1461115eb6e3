// The alert service on /metrics: alerts by name, severity and state, and
// each notifier's queue, sends, failures and drops.
import { Counter, Gauge, type Registry } from 'prom-client'
import type { AlertsState } from './alerts/evaluation/view.ts'
import type { NotifierStats } from './alerts/notifiers/types.ts'

export interface AlertMetricSources {
  /** The alert service's current list and its notifiers (absent in `headroom collect`). */
  alerts?: () => AlertsState | null
  notifiers?: () => readonly NotifierStats[]
}

/** Registers the alert gauges and returns the counters the notifiers increment. */
export function registerAlertMetrics(registry: Registry, sources: AlertMetricSources) {
  new Gauge({
    name: 'headroom_alerts',
    help: 'Alerts by name, severity and state (pending, firing, resolved); silenced and inhibited ones included.',
    labelNames: ['alertname', 'severity', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const a of sources.alerts?.()?.alerts ?? []) this.inc({ alertname: a.alertname, severity: a.severity, state: a.state })
    },
  })
  new Gauge({
    name: 'headroom_notifier_queue_length',
    help: 'Notifications waiting to be delivered, per notifier (alertmanager: the alerts it is sent each time).',
    labelNames: ['notifier'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const n of sources.notifiers?.() ?? []) this.set({ notifier: n.name }, n.queued)
    },
  })
  const sends = new Counter({
    name: 'headroom_notifier_sends_total',
    help: 'Requests a notifier made that the receiver accepted.',
    labelNames: ['notifier'] as const,
    registers: [registry],
  })
  const failures = new Counter({
    name: 'headroom_notifier_failures_total',
    help: 'Requests a notifier made that failed (refused, timed out, non-2xx); each is retried with backoff.',
    labelNames: ['notifier'] as const,
    registers: [registry],
  })
  const dropped = new Counter({
    name: 'headroom_notifier_dropped_total',
    help: 'Notifications dropped because the notifier queue was full.',
    labelNames: ['notifier'] as const,
    registers: [registry],
  })

  return { notifierSends: sends, notifierFailures: failures, notifierDropped: dropped }
}
