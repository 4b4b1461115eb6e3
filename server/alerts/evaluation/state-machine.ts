// One alert's lifecycle: inactive → pending (condition holds, `for` not yet
// reached) → firing → resolved, and back to pending when it holds again.
// Hysteresis: a firing or pending alert stays while the condition is only
// "holding" (inside the margin below its threshold), so a value wobbling on
// the line neither resolves nor re-fires. "unknown" (no data to judge by,
// e.g. the engine has not run since a restart) changes nothing. Pure.
import type { Observation } from './evaluate.ts'
import type { AlertInstance } from './types.ts'

/** The next instance, or undefined for inactive (no instance). `obs` undefined = the entity is gone: clear. */
export function stepAlert(
  prev: AlertInstance | undefined,
  obs: Observation | undefined,
  now: Date,
  forMs: number,
): AlertInstance | undefined {
  const status = obs?.status ?? 'clear'
  // Most entities are clear and have no alert: nothing to stamp (10 000 metrics × rules per cycle).
  if ((!prev || prev.state === 'resolved') && (status !== 'firing' || !obs)) return prev
  const at = now.toISOString()
  if (!prev || prev.state === 'resolved') {
    if (!obs) return prev
    const fresh: AlertInstance = {
      id: obs.id,
      alertname: obs.rule.alert,
      group: obs.rule.group,
      condition: obs.rule.condition.type,
      labels: obs.labels,
      annotations: obs.annotations,
      state: 'pending',
      activeAt: at,
      firedAt: null,
      resolvedAt: null,
      value: obs.value,
      lastEvalAt: at,
      ack: null,
      // What notifiers got for the previous episode stays, so a late 'resolved' is still owed.
      delivered: prev?.delivered ?? {},
    }
    return forMs <= 0 ? { ...fresh, state: 'firing', firedAt: at } : fresh
  }
  if (status === 'unknown') return { ...prev, lastEvalAt: at }
  const current = obs ? { ...prev, labels: obs.labels, annotations: obs.annotations, value: obs.value, lastEvalAt: at } : prev
  if (status === 'clear') {
    return prev.state === 'pending' ? undefined : { ...current, state: 'resolved', resolvedAt: at, lastEvalAt: at }
  }
  if (prev.state === 'pending' && now.getTime() - Date.parse(prev.activeAt) >= forMs) {
    return { ...current, state: 'firing', firedAt: at }
  }
  return current
}
