// The alert engine's vocabulary. Everything here is plain data (JSON-safe),
// so an instance can be persisted in the store, pushed over socket.io and
// sent to a notifier unchanged.

/** inactive (no instance) → pending → firing → resolved; see state-machine.ts. */
export type AlertState = 'pending' | 'firing' | 'resolved'

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(s: string | undefined): number {
  const i = SEVERITIES.indexOf(s as Severity)
  return i < 0 ? 1 : i
}

export type Labels = Record<string, string>

/**
 * What a condition says about one entity at `now`:
 * firing — over the threshold; holding — back inside the hysteresis band
 * (not over, not clearly clear); clear — past the band; unknown — no data
 * to judge by (an engine not run yet), which never changes a state.
 */
export type ConditionStatus = 'firing' | 'holding' | 'clear' | 'unknown'

/** One entity a rule judged: its identity labels, verdict and template values. */
export interface Candidate {
  labels: Labels
  status: ConditionStatus
  /** The number compared with the threshold, in the condition's unit. */
  value: number | null
  /** Values for annotation templates, already formatted for people. */
  vars: Record<string, string>
}

/** Acknowledgement: someone is on it. Cleared when a new episode starts. */
export interface AlertAck {
  by: string
  role: string
  at: string
  comment: string
}

/** What one notifier has confirmed receiving for an alert's current episode. */
export interface Delivered {
  state: 'firing' | 'resolved'
  /** The episode (the alert's activeAt) the delivery belongs to. */
  episode: string
  at: string
}

/** One alert: a rule applied to one entity. Persisted as state kind 'alert'. */
export interface AlertInstance {
  /** Fingerprint of alertname + labels (fingerprint.ts). */
  id: string
  alertname: string
  group: string
  /** Condition type of the rule (utilisation, breach-inside-lead-time, ...). */
  condition: string
  labels: Labels
  annotations: Record<string, string>
  state: AlertState
  /** When the condition first held in this episode. */
  activeAt: string
  /** When it turned firing (the notifiers' startsAt), or null while pending. */
  firedAt: string | null
  resolvedAt: string | null
  value: number | null
  lastEvalAt: string
  ack: AlertAck | null
  /** By notifier name (`webhook:ops`, `alertmanager`). */
  delivered: Record<string, Delivered>
}

/** Alertmanager-style matcher: name = value, !=, =~ regex, !~. */
export interface Matcher {
  name: string
  value: string
  isRegex: boolean
  isEqual: boolean
}

/** Persisted as state kind 'alert-silence'. */
export interface Silence {
  id: string
  matchers: Matcher[]
  startsAt: string
  endsAt: string
  createdBy: string
  comment: string
  createdAt: string
}
