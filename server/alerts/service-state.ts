// The service's bookkeeping around the pure evaluation: the state it
// publishes (views with silences and inhibitions, counts, metrics over
// critical) and what a cycle's transitions write to the store.
import type { AlertsConfig } from '../config/alerts-schema.ts'
import type { AlertContext } from './evaluation/conditions/types.ts'
import type { Transition } from './evaluation/cycle.ts'
import { overCriticalSteps } from './evaluation/exceptions.ts'
import { inhibitionsSteps } from './evaluation/inhibition.ts'
import type { AlertInstance, Silence } from './evaluation/types.ts'
import { alertViewsSteps, summarise, type AlertsState } from './evaluation/view.ts'
import type { AlertPersistence } from './persistence.ts'
import { sameJson } from '../runtime/same-json.ts'
import { runSteps } from '../capacity/steps.ts'

export function alertsState(
  config: AlertsConfig,
  ctx: AlertContext | null,
  s: { instances: ReadonlyMap<string, AlertInstance>; silences: readonly Silence[] },
  at: Date,
): AlertsState {
  return runSteps(alertsStateSteps(config, ctx, s, at))
}

/**
 * alertsState(), yielding between alerts, chains and applications: at 10 000 metrics (thousands of
 * alerts) the whole state in one go held the event loop 50–100 ms after every evaluation.
 */
export function* alertsStateSteps(
  config: AlertsConfig,
  ctx: AlertContext | null,
  s: { instances: ReadonlyMap<string, AlertInstance>; silences: readonly Silence[] },
  at: Date,
): Generator<void, AlertsState> {
  // The instances as they are now: an acknowledgement may replace the map while this runs.
  const instances = [...s.instances.values()]
  const silences = [...s.silences]
  yield
  const inhibited =
    config.inhibitChains && ctx ? yield* inhibitionsSteps(instances, ctx.snapshot.chains) : new Map<string, string>()
  const views = yield* alertViewsSteps(instances, silences, inhibited, at)
  const over = yield* overCriticalSteps(ctx?.snapshot ?? null)
  return {
    generatedAt: at.toISOString(),
    alerts: views,
    silences: silences.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    summary: summarise(views, over),
    overCritical: over,
    rules: { source: config.source, count: config.rules.length },
  }
}

/** The same state but for when it was generated and when each alert was last evaluated: nothing to push. */
export function sameAlertsState(a: AlertsState, b: AlertsState): boolean {
  return runSteps(sameAlertsStateSteps(a, b))
}

/** sameAlertsState(), yielding after each alert compared. */
export function* sameAlertsStateSteps(a: AlertsState, b: AlertsState): Generator<void, boolean> {
  if (a.alerts.length !== b.alerts.length) return false
  for (let i = 0; i < a.alerts.length; i++) {
    if (!sameJson(a.alerts[i], b.alerts[i], 'lastEvalAt')) return false
    yield
  }
  return sameJson({ ...a, alerts: [] }, { ...b, alerts: [] }, 'generatedAt')
}

/** Saves (or, for inactive, deletes) each changed alert and appends pending/firing/resolved to the audit trail. */
export function recordTransitions(persist: AlertPersistence, transitions: readonly Transition[], at: Date): void {
  for (const t of transitions) {
    if (t.to === 'inactive') {
      persist.deleteInstance(t.id)
      continue
    }
    persist.saveInstance(t.instance)
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
