// Runs the alert engine: evaluates the rules after every snapshot and on its
// own interval (so `for` elapses even when nothing changes), steps the state
// machine, marks silences and inhibitions, hands the list to the notifiers
// (which send on their own schedule, never in the evaluation's way), and
// keeps state and the audit trail in the store so a restart neither loses a
// firing alert nor sends it again. Owns the clock; the parts it runs are pure.
import type { AlertsConfig } from '../config/alerts-schema.ts'
import type { Logger } from '../log.ts'
import type { AuditEntry, AuditQuery, StateStore } from '../store/state-types.ts'
import type { AlertContext } from './evaluation/conditions/types.ts'
import { runCycle, type Transition } from './evaluation/cycle.ts'
import { observe } from './evaluation/evaluate.ts'
import { overCritical } from './evaluation/exceptions.ts'
import { inhibitions } from './evaluation/inhibition.ts'
import { buildNotifiers, notifierNames } from './notifiers/build.ts'
import type { Notifier, NotifierHooks, NotifierStats } from './notifiers/types.ts'
import { createAlertPersistence } from './persistence.ts'
import { createAlertActions, type AlertActions, type AlertInternals } from './service-actions.ts'
import { alertViews, summarise, type AlertsState, type AlertView } from './evaluation/view.ts'

/** Expired silences stay listed this long. */
const SILENCE_KEEP_MS = 7 * 86_400_000

export interface NotifierCounters {
  sent(notifier: string): void
  failed(notifier: string): void
  dropped(notifier: string, count: number): void
}

export interface AlertServiceDeps {
  store: StateStore
  config: () => AlertsConfig
  /** The snapshot, estate and collector health to judge; null until the first snapshot. */
  context: () => AlertContext | null
  log: Logger
  now?: () => Date
  /** Base of the links in notifications. */
  externalUrl: () => string
  counters?: NotifierCounters
  /** Tests hand in their own; default: the ones alerts.yaml configures. */
  makeNotifiers?: (config: AlertsConfig, hooks: NotifierHooks) => Notifier[]
}

export interface AlertService extends AlertActions {
  /** Loads persisted state, evaluates once and starts the interval. */
  start(): Promise<void>
  /** One evaluation, synchronous; does nothing before start() has loaded the saved state. */
  evaluate(): void
  state(): AlertsState
  onChange(listener: (state: AlertsState) => void): () => void
  history(query: AuditQuery): Promise<AuditEntry[]>
  notifiers(): NotifierStats[]
  /** Config reloaded: new rules apply at the next evaluation; notifiers and the interval are rebuilt if they changed. */
  reconfigure(): void
  stop(): Promise<void>
}

export function createAlertService(deps: AlertServiceDeps): AlertService {
  const now = deps.now ?? (() => new Date())
  const log = deps.log
  const persist = createAlertPersistence(deps.store, log)
  const internals: AlertInternals = { instances: new Map(), silences: [], now, persist, publish: () => publish() }
  const listeners = new Set<(state: AlertsState) => void>()
  let loaded = false
  let timer: ReturnType<typeof setInterval> | null = null
  let intervalMs = 0
  let notifiers: Notifier[] = []
  let notifierKey = ''
  let current: AlertsState = emptyState(deps.config(), now())
  let lastPublished = ''
  let publishQueued = false

  const hooks: NotifierHooks = {
    onSent: (n) => deps.counters?.sent(n),
    onFailed: (n, message) => {
      deps.counters?.failed(n)
      log.warn({ notifier: n, error: message }, 'alert notification failed; will retry')
    },
    onDropped: (n, count) => {
      deps.counters?.dropped(n, count)
      log.warn({ notifier: n, count }, 'alert notifications dropped: the queue is full')
    },
    onDelivered(alertId, notifier, delivered) {
      const a = internals.instances.get(alertId)
      if (!a) return
      const next = { ...a, delivered: { ...a.delivered, [notifier]: delivered } }
      internals.instances.set(alertId, next)
      persist.saveInstance(next)
      // A resolution that arrived while its firing was in flight is owed now.
      if (!publishQueued) {
        publishQueued = true
        queueMicrotask(() => {
          publishQueued = false
          publish()
        })
      }
    },
  }

  function rebuildNotifiers(): void {
    const config = deps.config()
    const key = JSON.stringify({ am: config.alertmanager, webhooks: config.webhooks })
    if (key === notifierKey) return
    for (const n of notifiers) n.stop()
    notifierKey = key
    notifiers = (deps.makeNotifiers ?? ((c, h) => buildNotifiers(c, deps.externalUrl, h)))(config, hooks)
  }

  function publish(): void {
    const config = deps.config()
    const at = now()
    const ctx = deps.context()
    const inhibited = config.inhibitChains && ctx ? inhibitions(internals.instances.values(), ctx.snapshot.chains) : new Map()
    const views = alertViews(internals.instances.values(), internals.silences, inhibited, at)
    const over = overCritical(ctx?.snapshot ?? null)
    current = {
      generatedAt: at.toISOString(),
      alerts: views,
      silences: [...internals.silences].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
      summary: summarise(views, over),
      overCritical: over,
      rules: { source: config.source, count: config.rules.length },
    }
    for (const n of notifiers) n.update(views, at)
    const shape = JSON.stringify({ ...current, generatedAt: '', alerts: views.map((v) => ({ ...v, lastEvalAt: '' })) })
    if (shape === lastPublished) return
    lastPublished = shape
    for (const l of listeners) l(current)
  }

  function record(transitions: readonly Transition[], at: Date): void {
    for (const t of transitions) {
      if (t.to === 'inactive') persist.deleteInstance(t.id)
      else persist.saveInstance(t.instance)
      if (t.to === 'inactive') continue
      persist.audit({
        at,
        kind: 'alert',
        actor: 'headroom',
        role: 'system',
        action: t.to,
        target: t.id,
        detail: {
          alertname: t.instance.alertname,
          labels: t.instance.labels,
          value: t.instance.value,
          summary: t.instance.annotations.summary ?? '',
          from: t.from,
        },
      })
    }
  }

  function evaluate(): void {
    if (!loaded) return
    const ctx = deps.context()
    if (!ctx) return
    const config = deps.config()
    const at = now()
    const { instances, transitions } = runCycle({
      previous: internals.instances,
      observations: observe(config.rules, { ...ctx, now: at }),
      now: at,
      resolvedRetentionMs: config.resolvedRetentionMs,
      notifiers: notifierNames(config),
    })
    internals.instances = instances
    record(transitions, at)
    for (const s of internals.silences.filter((s) => Date.parse(s.endsAt) + SILENCE_KEEP_MS < at.getTime())) {
      persist.deleteSilence(s.id)
    }
    internals.silences = internals.silences.filter((s) => Date.parse(s.endsAt) + SILENCE_KEEP_MS >= at.getTime())
    publish()
  }

  function schedule(): void {
    const next = deps.config().evaluationIntervalMs
    if (timer && next === intervalMs) return
    if (timer) clearInterval(timer)
    intervalMs = next
    timer = setInterval(evaluate, intervalMs)
    timer.unref?.()
  }

  const actions = createAlertActions(internals)

  return {
    ...actions,
    async start() {
      const [instances, silences] = await Promise.all([persist.loadInstances(), persist.loadSilences()])
      internals.instances = new Map(instances.map((a) => [a.id, a]))
      internals.silences = silences
      log.info({ alerts: instances.length, silences: silences.length, rules: deps.config().rules.length }, 'alert state loaded')
      rebuildNotifiers()
      loaded = true
      evaluate()
      schedule()
    },
    evaluate,
    state: () => current,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async history(query) {
      // Read your own writes: what was recorded a moment ago is still queued.
      await persist.flush(2000)
      return deps.store.readAudit(query)
    },
    notifiers: () => notifiers.map((n) => n.stats()),
    reconfigure() {
      if (!loaded) return
      rebuildNotifiers()
      schedule()
      evaluate()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      for (const n of notifiers) n.stop()
      await persist.flush()
      persist.stop()
    },
  }
}

function emptyState(config: AlertsConfig, at: Date): AlertsState {
  return {
    generatedAt: at.toISOString(),
    alerts: [],
    silences: [],
    summary: summarise([], []),
    overCritical: [],
    rules: { source: config.source, count: config.rules.length },
  }
}

export type { AlertView }
