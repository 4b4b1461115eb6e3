// Shapes of the alerts API, shared with the client as type-only imports
// (erased at build): GET /api/alerts (also the `alerts` push), the rules and
// notifiers, the audit trail, and the socket commands ackAlert, unackAlert,
// createSilence and expireSilence. Nothing here may import runtime code.
import type { AlertsState, AlertView, AlertsSummary } from '../../alerts/evaluation/view.ts'
import type { OverCritical } from '../../alerts/evaluation/exceptions.ts'
import type { NotifierStats } from '../../alerts/notifiers/types.ts'
import type { AlertAck, AlertInstance, AlertState, Matcher, Silence } from '../../alerts/evaluation/types.ts'

export type {
  AlertsState,
  AlertView,
  AlertsSummary,
  OverCritical,
  NotifierStats,
  AlertAck,
  AlertInstance,
  AlertState,
  Matcher,
  Silence,
}

/** GET /api/alerts (filtered by ?state=&severity=&app=) and the `alerts` push (unfiltered). */
export type AlertsResponse = AlertsState

export interface RuleInfo {
  alert: string
  group: string
  condition: { type: string; params: unknown }
  select: Record<string, unknown>
  for: string
  hysteresis: number
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** GET /api/alerts/rules: what is being evaluated and where it is sent (targets without credentials). */
export interface RulesResponse {
  source: 'file' | 'defaults'
  evaluationIntervalSeconds: number
  inhibitChains: boolean
  rules: RuleInfo[]
  notifiers: NotifierStats[]
  conditionTypes: { type: string; description: string; variables: readonly string[] }[]
}

/** One audit entry as JSON (GET /api/alerts/history). */
export interface HistoryEntry {
  at: string
  kind: string
  actor: string
  role: string
  action: string
  target: string
  detail: unknown
}

export interface HistoryResponse {
  entries: HistoryEntry[]
}

/** Body of POST /api/alerts/silences and payload of `createSilence`. */
export interface SilenceRequestBody {
  matchers: { name: string; value: string; isRegex?: boolean; isEqual?: boolean }[]
  /** Either a duration ("2h") or an end time. */
  duration?: string
  endsAt?: string
  startsAt?: string
  comment: string
}

export type AlertAckReply<T> = { ok: true; data: T } | { ok: false; error: string }
