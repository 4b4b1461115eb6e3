// The notifiers alerts.yaml asks for, in a fixed order.
import type { AlertsConfig } from '../../config/alerts-schema.ts'
import { createAlertmanagerNotifier } from './alertmanager.ts'
import type { Notifier, NotifierHooks } from './types.ts'
import { createWebhookNotifier } from './webhook.ts'

export function buildNotifiers(config: AlertsConfig, externalUrl: () => string, hooks: NotifierHooks): Notifier[] {
  const out: Notifier[] = []
  if (config.alertmanager) out.push(createAlertmanagerNotifier(config.alertmanager, { externalUrl, hooks }))
  for (const w of config.webhooks) out.push(createWebhookNotifier(w, { externalUrl, hooks }))
  return out
}

/** Names the notifiers will have, for the cycle (a resolved alert stays until each was told). */
export function notifierNames(config: AlertsConfig): string[] {
  return [...(config.alertmanager ? ['alertmanager'] : []), ...config.webhooks.map((w) => `webhook:${w.name}`)]
}
