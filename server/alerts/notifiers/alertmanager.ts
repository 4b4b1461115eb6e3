// Alertmanager notifier: POST /api/v2/alerts with every firing alert
// (startsAt = when it fired, endsAt = now + 4 resend intervals, so an alert
// Headroom stops sending lapses by itself, as with Prometheus), re-sent every
// resendInterval while it fires and at once when the list changes, and each
// resolved one once with endsAt = when it resolved. Routing, grouping,
// e-mail, chat and paging are Alertmanager's job.
import type { AlertmanagerConfig } from '../../config/alerts-schema.ts'
import { owesResolved } from '../evaluation/cycle.ts'
import { isSendable, type AlertView } from '../evaluation/view.ts'
import { postJson, redactUrl } from './http-post.ts'
import { createSendLoop } from './send-loop.ts'
import { generatorUrl, type Notifier, type NotifierHooks, type NotifierStats } from './types.ts'

export const ALERTMANAGER = 'alertmanager'

/** One alert as Alertmanager's API v2 (postableAlert) takes it. */
export interface PostableAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  generatorURL: string
}

export function alertmanagerAlerts(
  alerts: readonly AlertView[],
  now: Date,
  resendIntervalMs: number,
  base: string,
): { alert: PostableAlert; view: AlertView; state: 'firing' | 'resolved' }[] {
  const out: { alert: PostableAlert; view: AlertView; state: 'firing' | 'resolved' }[] = []
  for (const a of alerts) {
    const firing = a.state === 'firing' && isSendable(a)
    const resolved = a.state === 'resolved' && owesResolved(a, ALERTMANAGER)
    if (!firing && !resolved) continue
    out.push({
      view: a,
      state: firing ? 'firing' : 'resolved',
      alert: {
        labels: a.labels,
        annotations: a.annotations,
        startsAt: a.firedAt ?? a.activeAt,
        endsAt: firing ? new Date(now.getTime() + 4 * resendIntervalMs).toISOString() : (a.resolvedAt ?? now.toISOString()),
        generatorURL: generatorUrl(base, a),
      },
    })
  }
  return out
}

export function createAlertmanagerNotifier(
  config: AlertmanagerConfig,
  deps: { externalUrl: () => string; hooks: NotifierHooks },
): Notifier {
  const endpoint = `${config.url.replace(/\/+$/, '')}/api/v2/alerts`
  let current: readonly AlertView[] = []
  let lastShape = ''
  let sent = 0
  let failed = 0

  async function attempt(): Promise<boolean> {
    // Built at send time, so a retry after an outage carries the list as it is now.
    const now = new Date()
    const batch = alertmanagerAlerts(current, now, config.resendIntervalMs, deps.externalUrl())
    if (batch.length === 0) return false
    await postJson(endpoint, JSON.stringify(batch.map((b) => b.alert)), {}, config.timeoutMs)
    for (const b of batch) {
      deps.hooks.onDelivered(b.view.id, ALERTMANAGER, { state: b.state, episode: b.view.activeAt, at: now.toISOString() })
    }
    return false
  }

  const loop = createSendLoop({
    attempt,
    backoff: config.backoff,
    idleResendMs: config.resendIntervalMs,
    onSuccess: () => {
      sent += 1
      deps.hooks.onSent(ALERTMANAGER)
    },
    onFailure: (message) => {
      failed += 1
      deps.hooks.onFailed(ALERTMANAGER, message)
    },
  })

  return {
    name: ALERTMANAGER,
    update(alerts, now) {
      current = alerts
      // Send at once when what Alertmanager should know changed; otherwise the resend timer carries it.
      const shape = alertmanagerAlerts(alerts, now, config.resendIntervalMs, '')
        .map((b) => `${b.view.id}:${b.state}:${b.view.activeAt}`)
        .join(',')
      if (shape !== lastShape) {
        lastShape = shape
        loop.kick()
      }
    },
    stats(): NotifierStats {
      const s = loop.state()
      return {
        name: ALERTMANAGER,
        kind: 'alertmanager',
        target: redactUrl(config.url),
        signed: false,
        queued: alertmanagerAlerts(current, new Date(), config.resendIntervalMs, '').length,
        sent,
        failed,
        dropped: 0,
        lastError: s.lastError,
        lastSuccessAt: s.lastSuccessAt,
        nextAttemptAt: s.nextAttemptAt,
      }
    },
    stop: () => loop.stop(),
  }
}
