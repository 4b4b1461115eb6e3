// What the service does when a notifier reports: count it for /metrics, log
// failures (the message names the target by host only), and record a
// confirmed delivery on the alert, persisted, so a restart neither re-sends
// it nor forgets what was never confirmed.
import type { Logger } from '../log.ts'
import type { NotifierHooks } from './notifiers/types.ts'
import type { AlertInternals } from './service-actions.ts'

export interface NotifierCounters {
  sent(notifier: string): void
  failed(notifier: string): void
  dropped(notifier: string, count: number): void
}

export function createDeliveryHooks(opts: {
  internals: AlertInternals
  counters: NotifierCounters | undefined
  log: Logger
}): NotifierHooks {
  const { internals, counters, log } = opts
  let republishQueued = false
  return {
    onSent: (n) => counters?.sent(n),
    onFailed: (n, message) => {
      counters?.failed(n)
      log.warn({ notifier: n, error: message }, 'alert notification failed; will retry')
    },
    onDropped: (n, count) => {
      counters?.dropped(n, count)
      log.warn({ notifier: n, count }, 'alert notifications dropped: the queue is full')
    },
    onDelivered(alertId, notifier, delivered) {
      const a = internals.instances.get(alertId)
      if (!a) return
      const next = { ...a, delivered: { ...a.delivered, [notifier]: delivered } }
      internals.instances.set(alertId, next)
      internals.persist.saveInstance(next)
      // A resolution that came while its firing was in flight is owed now: tell the notifiers again, once per batch.
      if (republishQueued) return
      republishQueued = true
      queueMicrotask(() => {
        republishQueued = false
        internals.publish()
      })
    },
  }
}
