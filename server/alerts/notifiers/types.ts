// What the alert service needs of a notifier: the current alert list after
// every evaluation (update never waits for the network: sends are queued and
// run on the notifier's own schedule), its figures for /metrics and the API,
// and stop.
import type { AlertView } from '../evaluation/view.ts'
import type { Delivered } from '../evaluation/types.ts'

export interface NotifierStats {
  name: string
  kind: 'webhook' | 'alertmanager'
  /** Scheme, host and port only: paths and queries of webhook URLs often hold tokens. */
  target: string
  signed: boolean
  queued: number
  sent: number
  failed: number
  dropped: number
  lastError: string | null
  lastSuccessAt: string | null
  nextAttemptAt: string | null
}

export interface NotifierHooks {
  /** A request succeeded / failed / messages were dropped (queue full). */
  onSent(notifier: string): void
  onFailed(notifier: string, error: string): void
  onDropped(notifier: string, count: number): void
  /** The receiver confirmed this alert's state; the service records it so a restart does not send it again. */
  onDelivered(alertId: string, notifier: string, delivered: Delivered): void
}

export interface Notifier {
  readonly name: string
  /** The alert list after an evaluation; returns at once. */
  update(alerts: readonly AlertView[], now: Date): void
  stats(): NotifierStats
  stop(): void
}

/** Where an alert's link goes: its application, chain or collector page. */
export function generatorUrl(base: string, a: AlertView): string {
  const root = base.replace(/\/+$/, '')
  if (a.labels.app) return `${root}/apps/${encodeURIComponent(a.labels.app)}`
  if (a.labels.chain) return `${root}/chains/${encodeURIComponent(a.labels.chain)}`
  if (a.labels.collector) return `${root}/collectors`
  return `${root}/alerts`
}
