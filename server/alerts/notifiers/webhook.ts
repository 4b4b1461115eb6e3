// Webhook notifier: a JSON POST per batch of state changes (firing, then
// resolved, of each episode, in order), signed with HMAC-SHA256 over the
// exact body so a receiver can check it came from this Headroom:
//   X-Headroom-Signature-256: sha256=<hex of HMAC(secret, body)>
// Messages wait in a bounded queue while the receiver is down and are
// retried with exponential backoff; the oldest are dropped (and counted)
// only when the queue is full.
import { createHmac, randomUUID } from 'node:crypto'
import type { WebhookConfig } from '../../config/alerts-schema.ts'
import { owesResolved } from '../evaluation/cycle.ts'
import { isSendable, type AlertView } from '../evaluation/view.ts'
import { postJson, redactUrl } from './http-post.ts'
import { createSendLoop } from './send-loop.ts'
import { generatorUrl, type Notifier, type NotifierHooks, type NotifierStats } from './types.ts'

export const SIGNATURE_HEADER = 'x-headroom-signature-256'
/** Messages per POST. */
const BATCH = 100

export interface WebhookAlert {
  id: string
  status: 'firing' | 'resolved'
  alertname: string
  severity: string
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string | null
  value: number | null
  acknowledged: { by: string; at: string; comment: string } | null
  generatorURL: string
}

export interface WebhookBody {
  version: '1'
  receiver: string
  sentAt: string
  alerts: WebhookAlert[]
}

interface Message {
  key: string
  alertId: string
  episode: string
  alert: WebhookAlert
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** What this webhook still owes an alert: its firing, or (once told it fired) its resolution. */
export function webhookOwed(a: AlertView, name: string): 'firing' | 'resolved' | null {
  const d = a.delivered[name]
  if (a.state === 'firing' && isSendable(a) && !(d && d.episode === a.activeAt && d.state === 'firing')) return 'firing'
  if (a.state === 'resolved' && owesResolved(a, name)) return 'resolved'
  return null
}

export function createWebhookNotifier(
  config: WebhookConfig,
  deps: { externalUrl: () => string; hooks: NotifierHooks },
): Notifier {
  const name = `webhook:${config.name}`
  const queue: Message[] = []
  const queued = new Set<string>()
  let sent = 0
  let failed = 0
  let dropped = 0

  async function attempt(): Promise<boolean> {
    const batch = queue.slice(0, BATCH)
    if (batch.length === 0) return false
    const body = JSON.stringify({
      version: '1',
      receiver: config.name,
      sentAt: new Date().toISOString(),
      alerts: batch.map((m) => m.alert),
    } satisfies WebhookBody)
    const headers: Record<string, string> = { 'x-headroom-delivery': randomUUID() }
    if (config.secret) headers[SIGNATURE_HEADER] = signBody(config.secret, body)
    await postJson(config.url, body, headers, config.timeoutMs)
    // Only now leave the queue: a failed POST keeps every message for the retry.
    queue.splice(0, batch.length)
    for (const m of batch) {
      queued.delete(m.key)
      deps.hooks.onDelivered(m.alertId, name, { state: m.alert.status, episode: m.episode, at: new Date().toISOString() })
    }
    return queue.length > 0
  }

  const loop = createSendLoop({
    attempt,
    backoff: config.backoff,
    idleResendMs: null,
    onSuccess: () => {
      sent += 1
      deps.hooks.onSent(name)
    },
    onFailure: (message) => {
      failed += 1
      deps.hooks.onFailed(name, message)
    },
  })

  return {
    name,
    update(alerts) {
      let added = false
      for (const a of alerts) {
        const owed = webhookOwed(a, name)
        if (!owed) continue
        const key = `${a.id}|${a.activeAt}|${owed}`
        if (queued.has(key)) continue
        queued.add(key)
        queue.push({ key, alertId: a.id, episode: a.activeAt, alert: toWebhookAlert(a, owed, deps.externalUrl()) })
        added = true
      }
      const over = queue.length - config.maxQueue
      if (over > 0) {
        for (const m of queue.splice(0, over)) queued.delete(m.key)
        dropped += over
        deps.hooks.onDropped(name, over)
      }
      if (added) loop.kick()
    },
    stats(): NotifierStats {
      const s = loop.state()
      return {
        name,
        kind: 'webhook',
        target: redactUrl(config.url),
        signed: config.secret !== null,
        queued: queue.length,
        sent,
        failed,
        dropped,
        lastError: s.lastError,
        lastSuccessAt: s.lastSuccessAt,
        nextAttemptAt: s.nextAttemptAt,
      }
    },
    stop: () => loop.stop(),
  }
}

function toWebhookAlert(a: AlertView, status: 'firing' | 'resolved', base: string): WebhookAlert {
  return {
    id: a.id,
    status,
    alertname: a.alertname,
    severity: a.severity,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.firedAt ?? a.activeAt,
    endsAt: status === 'resolved' ? a.resolvedAt : null,
    value: a.value,
    acknowledged: a.ack ? { by: a.ack.by, at: a.ack.at, comment: a.ack.comment } : null,
    generatorURL: generatorUrl(base, a),
  }
}
