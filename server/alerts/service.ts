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
import { keepChangesMadeMeanwhile, runCycleSteps } from './evaluation/cycle.ts'
import { observeEach } from './evaluation/evaluate.ts'
import { buildNotifiers, notifierNames } from './notifiers/build.ts'
import type { Notifier, NotifierHooks, NotifierStats } from './notifiers/types.ts'
import { createDeliveryHooks, type NotifierCounters } from './delivery-hooks.ts'
import { alertsState, alertsStateSteps, recordTransitions, sameAlertsState, sameAlertsStateSteps } from './service-state.ts'
import { runSliced } from '../turns.ts'
import { createAlertPersistence } from './persistence.ts'
import { createAlertActions, type AlertActions, type AlertInternals } from './service-actions.ts'
import type { AlertsState, AlertView } from './evaluation/view.ts'

/** Snapshot-driven evaluations run at most this often (the interval timer runs regardless). */
const MIN_GAP_MS = 1000
/**
 * ...and leave at least this many times their own duration free between them, so judging rules
 * takes at most about a tenth of the process: at 10 000 metrics an evaluation (70 000 rule ×
 * entity checks) takes the better part of a second, and one every second kept the process busy
 * judging rules and sweeping up after them. A 1 000-metric estate still evaluates every second.
 */
const GAP_PER_RUN = 10
/** Expired silences stay listed this long. */
const SILENCE_KEEP_MS = 7 * 86_400_000

export interface AlertServiceDeps {
  store: StateStore
  config: () => AlertsConfig
  /** The snapshot, estate and collector health to judge; null until the first snapshot. May be assembled in turns. */
  context: () => AlertContext | null | Promise<AlertContext | null>
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
  /**
   * One evaluation (one at a time: a call while one runs waits for it and runs once more). It yields
   * the event loop between rules once it has held it a slice (server/turns.ts); does nothing before start().
   */
  evaluate(): Promise<void>
  /** An evaluation right after the current task (coalesced): what a new snapshot asks for, so its push is never held up. */
  evaluateSoon(): void
  state(): AlertsState
  onChange(listener: (state: AlertsState) => void): () => void
  history(query: AuditQuery): Promise<AuditEntry[]>
  notifiers(): NotifierStats[]
  /** Config reloaded: new rules apply at the next evaluation; notifiers and the interval are rebuilt if they changed. */
  reconfigure(): void
  /** Stops timers and notifiers and writes what state is left, until `deadlineAt` (ms since epoch; default 5 s from now). */
  stop(deadlineAt?: number): Promise<void>
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
  let current: AlertsState = alertsState(deps.config(), null, { instances: new Map(), silences: [] }, now())
  let lastPublished: AlertsState | null = null

  const hooks = createDeliveryHooks({ internals, counters: deps.counters, log })

  function rebuildNotifiers(): void {
    const config = deps.config()
    const key = JSON.stringify({ am: config.alertmanager, webhooks: config.webhooks })
    if (key === notifierKey) return
    for (const n of notifiers) n.stop()
    notifierKey = key
    notifiers = (deps.makeNotifiers ?? ((c, h) => buildNotifiers(c, deps.externalUrl, h)))(config, hooks)
  }

  /** What the last evaluation judged: the state it publishes shows its chains and metrics over critical. */
  let judged: AlertContext | null = null
  /** Bumped by every publish, so a state made in turns gives way to one published meanwhile. */
  let published = 0

  /** Publishes now (after an acknowledgement or a silence: the person who made it sees it at once). */
  function publish(): void {
    const at = now()
    settle(alertsState(deps.config(), judged, internals, at), at)
  }

  /** publish() a slice at a time: what an evaluation does, with thousands of alerts at 10 000 metrics. */
  async function publishInTurns(): Promise<void> {
    const at = now()
    const from = published
    const next = await runSliced(alertsStateSteps(deps.config(), judged, internals, at))
    // An acknowledgement published meanwhile already shows this evaluation's result, and its own change.
    if (published !== from) return
    const same = lastPublished !== null && (await runSliced(sameAlertsStateSteps(next, lastPublished)))
    if (published !== from) return
    settle(next, at, same)
  }

  function settle(next: AlertsState, at: Date, same?: boolean): void {
    published++
    current = next
    for (const n of notifiers) n.update(current.alerts, at)
    if (same ?? (lastPublished !== null && sameAlertsState(current, lastPublished))) return
    lastPublished = current
    for (const l of listeners) l(current)
  }

  let running: Promise<void> | null = null
  let again = false
  function evaluate(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = evaluateOnce()
      // A bug in one condition must not stop the timer or take the process down; say so loudly.
      .catch((err: unknown) => log.error({ err }, 'alert evaluation failed'))
      .finally(() => {
        running = null
        if (again) {
          again = false
          void evaluate()
        }
      })
    return running
  }

  // After a snapshot: right after its push, and at most once a second however often snapshots come.
  let soon: ReturnType<typeof setTimeout> | null = null
  let lastRun = 0
  let lastRunMs = 0
  function evaluateSoon(): void {
    soon ??= setTimeout(
      () => {
        soon = null
        void evaluate()
      },
      Math.max(0, lastRun + Math.max(MIN_GAP_MS, GAP_PER_RUN * lastRunMs) - Date.now()),
    )
  }

  async function evaluateOnce(): Promise<void> {
    if (!loaded) return
    lastRun = Date.now()
    const ctx = await deps.context()
    if (!ctx) return
    judged = ctx
    const config = deps.config()
    const at = now()
    // An entity at a time, judged as it is stepped, letting sockets and HTTP have a turn between
    // slices; on a copy of the instances as they are now (an acknowledgement or delivery recorded
    // meanwhile is carried into the result: keepChangesMadeMeanwhile). The observations are not
    // gathered first: at 10 000 metrics that was tens of thousands of objects kept alive through the
    // whole evaluation, and the garbage collector's young-generation copies of them were 50–100 ms
    // pauses.
    const start = new Map(internals.instances)
    const stepped = await runSliced(
      runCycleSteps({
        previous: start,
        observations: observeEach(config.rules, { ...ctx, now: at }),
        now: at,
        resolvedRetentionMs: config.resolvedRetentionMs,
        notifiers: notifierNames(config),
      }),
    )
    const { instances, transitions } = keepChangesMadeMeanwhile(start, internals.instances, stepped)
    internals.instances = instances
    recordTransitions(persist, transitions, at)
    for (const s of internals.silences.filter((s) => Date.parse(s.endsAt) + SILENCE_KEEP_MS < at.getTime())) {
      persist.deleteSilence(s.id)
    }
    internals.silences = internals.silences.filter((s) => Date.parse(s.endsAt) + SILENCE_KEEP_MS >= at.getTime())
    await publishInTurns()
    lastRunMs = Date.now() - lastRun
  }

  function schedule(): void {
    const next = deps.config().evaluationIntervalMs
    if (timer && next === intervalMs) return
    if (timer) clearInterval(timer)
    intervalMs = next
    timer = setInterval(() => void evaluate(), intervalMs)
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
      await evaluate()
      schedule()
    },
    evaluate,
    evaluateSoon,
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
      void evaluate()
    },
    async stop(deadlineAt) {
      if (timer) clearInterval(timer)
      timer = null
      if (soon) clearTimeout(soon)
      soon = null
      for (const n of notifiers) n.stop()
      // Bounded by the caller's close deadline: a stalled store must not hold up the stop.
      await persist.flush(deadlineAt === undefined ? undefined : Math.max(0, deadlineAt - Date.now()))
      persist.stop()
    },
  }
}

export type { AlertView, NotifierCounters }
