// One evaluation: every observation stepped through the state machine,
// alerts whose entity or rule is gone resolved, resolved alerts forgotten
// after the retention (once no notifier is still owed their 'resolved').
// Pure: the service owns the clock, the store and the notifiers.
import type { Observation } from './evaluate.ts'
import { stepAlert } from './state-machine.ts'
import type { AlertInstance, AlertState } from './types.ts'
import { runSteps } from '../../capacity/steps.ts'

export interface CycleInput {
  previous: ReadonlyMap<string, AlertInstance>
  /** Iterated once; may be a generator that judges each entity as the cycle comes to it (observeEach). */
  observations: Iterable<Observation>
  now: Date
  /** How long a resolved alert stays listed. */
  resolvedRetentionMs: number
  /** Notifier names, to keep a resolved alert until each has been told. */
  notifiers: readonly string[]
}

export interface Transition {
  id: string
  from: AlertState | 'inactive'
  to: AlertState | 'inactive'
  /** The instance after the step (before it, for 'inactive'). */
  instance: AlertInstance
}

export interface CycleResult {
  instances: Map<string, AlertInstance>
  transitions: Transition[]
}

export function runCycle(input: CycleInput): CycleResult {
  return runSteps(runCycleSteps(input))
}

/**
 * runCycle(), yielding after each observation and each alert not observed: at 10 000 metrics a
 * cycle steps tens of thousands of them (~150 ms in one go). `previous` must not change meanwhile.
 */
export function* runCycleSteps(input: CycleInput): Generator<void, CycleResult, void> {
  const { previous, now } = input
  const instances = new Map<string, AlertInstance>()
  const transitions: Transition[] = []
  const seen = new Set<string>()
  const record = (id: string, before: AlertInstance | undefined, after: AlertInstance | undefined) => {
    const from = before?.state ?? 'inactive'
    const to = after?.state ?? 'inactive'
    // A resolved alert firing again goes through pending: that is a new episode, a transition too.
    const newEpisode = before && after && before.activeAt !== after.activeAt
    if (after) instances.set(id, after)
    if (from !== to || newEpisode) transitions.push({ id, from, to, instance: after ?? (before as AlertInstance) })
  }
  for (const obs of input.observations) {
    if (seen.has(obs.id)) continue
    seen.add(obs.id)
    const before = previous.get(obs.id)
    record(obs.id, before, stepAlert(before, obs, now, obs.rule.forMs))
    yield
  }
  for (const [id, before] of previous) {
    if (seen.has(id)) continue
    const after = stepAlert(before, undefined, now, 0)
    record(id, before, after && forgettable(after, input) ? undefined : after)
    yield
  }
  // Resolved alerts that were observed again but stay clear also age out.
  for (const [id, instance] of [...instances]) {
    if (seen.has(id) && forgettable(instance, input)) {
      instances.delete(id)
      transitions.push({ id, from: 'resolved', to: 'inactive', instance })
    }
  }
  return { instances, transitions }
}

function forgettable(instance: AlertInstance, input: CycleInput): boolean {
  if (instance.state !== 'resolved' || instance.resolvedAt === null) return false
  if (input.now.getTime() - Date.parse(instance.resolvedAt) < input.resolvedRetentionMs) return false
  return !input.notifiers.some((n) => owesResolved(instance, n))
}

/** The notifier was told this episode is firing and not yet that it resolved. */
export function owesResolved(instance: AlertInstance, notifier: string): boolean {
  const d = instance.delivered[notifier]
  return d !== undefined && d.episode === instance.activeAt && d.state === 'firing'
}

/**
 * The cycle's result with what actions did to alerts while it ran (runCycleSteps stepped a copy
 * taken at its start): an acknowledgement, or a notifier's delivery record, made meanwhile is kept,
 * in the instances and in the transitions about to be saved.
 */
export function keepChangesMadeMeanwhile(
  start: ReadonlyMap<string, AlertInstance>,
  live: ReadonlyMap<string, AlertInstance>,
  result: CycleResult,
): CycleResult {
  const merged = new Map<string, AlertInstance>()
  for (const [id, now] of live) {
    const stepped = result.instances.get(id)
    if (now === start.get(id) || !stepped) continue
    const kept = { ...stepped, ack: now.ack, delivered: now.delivered }
    result.instances.set(id, kept)
    merged.set(id, kept)
  }
  if (merged.size === 0) return result
  const transitions = result.transitions.map((t) => {
    const kept = merged.get(t.id)
    return kept && t.to !== 'inactive' ? { ...t, instance: kept } : t
  })
  return { instances: result.instances, transitions }
}
