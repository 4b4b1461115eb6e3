// What the UI, the REST API and the socket push show of the alerts: each
// instance with its severity and whether it is silenced or inhibited, the
// silences, counts, and the metrics over critical right now. Pure.
import type { OverCritical } from './exceptions.ts'
import { silencedBy } from './silences.ts'
import { severityRank, type AlertInstance, type Severity, type Silence } from './types.ts'
import { runSteps } from '../../capacity/steps.ts'

export interface AlertView extends AlertInstance {
  severity: string
  /** Active silences hiding it from notifiers. */
  silencedBy: string[]
  /** The firing bottleneck alert that explains it (inhibition.ts), or null. */
  inhibitedBy: string | null
}

export interface AlertsSummary {
  firing: number
  pending: number
  resolved: number
  silenced: number
  inhibited: number
  acknowledged: number
  /** Firing, not silenced or inhibited, by severity: the header badge. */
  firingBySeverity: Record<Severity, number>
  /**
   * The wall's exceptions: warning and critical alerts firing and not
   * silenced, inhibited or acknowledged, plus metrics over critical now that
   * no silenced or acknowledged alert already covers (someone has decided
   * about those). Info alerts (old evidence, ...) are for the Alerts page.
   */
  exceptions: number
}

export interface AlertsState {
  generatedAt: string
  alerts: AlertView[]
  silences: Silence[]
  summary: AlertsSummary
  overCritical: OverCritical[]
  rules: { source: 'file' | 'defaults'; count: number }
}

export function alertViews(
  instances: Iterable<AlertInstance>,
  silences: readonly Silence[],
  inhibited: ReadonlyMap<string, string>,
  now: Date,
): AlertView[] {
  return runSteps(alertViewsSteps(instances, silences, inhibited, now))
}

/** alertViews(), yielding after each alert (thousands at 10 000 metrics). */
export function* alertViewsSteps(
  instances: Iterable<AlertInstance>,
  silences: readonly Silence[],
  inhibited: ReadonlyMap<string, string>,
  now: Date,
): Generator<void, AlertView[]> {
  const order = { firing: 0, pending: 1, resolved: 2 }
  const views: AlertView[] = []
  for (const a of instances) {
    views.push({
      ...a,
      severity: a.labels.severity ?? 'warning',
      silencedBy: silencedBy(a.labels, silences, now),
      inhibitedBy: inhibited.get(a.id) ?? null,
    })
    yield
  }
  return views.sort(
    (a, b) =>
      order[a.state] - order[b.state] ||
      severityRank(b.severity) - severityRank(a.severity) ||
      byText(b.firedAt ?? b.activeAt, a.firedAt ?? a.activeAt) ||
      byText(a.id, b.id),
  )
}

/** ISO timestamps and ids: code-unit order is their order, without localeCompare's cost over thousands of alerts. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function isSendable(a: AlertView): boolean {
  return a.silencedBy.length === 0 && a.inhibitedBy === null
}

export function summarise(alerts: readonly AlertView[], over: readonly OverCritical[]): AlertsSummary {
  const firingBySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 }
  const decided = new Set(
    alerts
      .filter((a) => a.state !== 'resolved' && (a.ack !== null || a.silencedBy.length > 0))
      .map((a) => `${a.labels.app}/${a.labels.metric}`),
  )
  let exceptions = over.filter((m) => !decided.has(`${m.app}/${m.metric}`)).length
  const count = (f: (a: AlertView) => boolean) => alerts.filter(f).length
  for (const a of alerts) {
    if (a.state !== 'firing' || !isSendable(a)) continue
    const s = a.severity as Severity
    if (s in firingBySeverity) firingBySeverity[s] += 1
    if (a.ack === null && a.severity !== 'info') exceptions += 1
  }
  return {
    firing: count((a) => a.state === 'firing'),
    pending: count((a) => a.state === 'pending'),
    resolved: count((a) => a.state === 'resolved'),
    silenced: count((a) => a.silencedBy.length > 0 && a.state !== 'resolved'),
    inhibited: count((a) => a.inhibitedBy !== null && a.state !== 'resolved'),
    acknowledged: count((a) => a.ack !== null && a.state !== 'resolved'),
    firingBySeverity,
    exceptions,
  }
}
