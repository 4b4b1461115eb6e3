// config/alerts.yaml: alert rules shaped like a Prometheus rule file (named
// groups of rules with alert, condition, for, labels, annotations) plus the
// notifiers. The condition's own keys are checked by its type in the alert
// condition registry (alerts-file.ts), so a new condition type needs no
// change here. Every object is strict: an unknown key is an error.
import { z } from 'zod'
import { DURATION_HINT, DURATION_PATTERN } from '../alerts/evaluation/duration.ts'
import type { AlertRule } from '../alerts/evaluation/rule.ts'
import { SEVERITIES } from '../alerts/evaluation/types.ts'

const duration = z.string().regex(DURATION_PATTERN, DURATION_HINT)
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const labelName = z.string().regex(LABEL_NAME, 'expected a label name (letters, digits and _, not starting with a digit)')
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "ops-chat" (letters, digits, dashes)')
const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1, 'expected at least one entry')])
  .transform((v) => (Array.isArray(v) ? v : [v]))

export const httpUrl = z.string().refine((raw) => {
  try {
    const url = new URL(raw)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}, 'expected an http(s):// URL like "http://alertmanager:9093"')

export const selectorSchema = z.strictObject({
  app: oneOrMany.optional(),
  metric: oneOrMany.optional(),
  kind: oneOrMany.optional(),
  chain: oneOrMany.optional(),
  collector: oneOrMany.optional(),
  /** Exact values of the alert's own labels (app, metric, kind, layer, chain, collector ...). */
  labels: z.record(labelName, z.string()).optional(),
})

const ruleLabels = z.record(labelName, z.string()).superRefine((labels, ctx) => {
  if ('alertname' in labels) ctx.addIssue({ code: 'custom', path: ['alertname'], message: 'alertname is set from `alert:`' })
  const severity = labels.severity
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    ctx.addIssue({ code: 'custom', path: ['severity'], message: `expected one of ${SEVERITIES.join(', ')}; got "${severity}"` })
  }
})

export const alertRuleSchema = z.strictObject({
  alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an alert name like "CriticalUtilisation" (letters, digits, _)'),
  /** `type:` picks the condition; its other keys are the condition's parameters. */
  condition: z.looseObject({ type: z.string().min(1, 'expected a condition type') }),
  select: selectorSchema.default({}),
  for: duration.default('0s'),
  /** Margin below (or above) the threshold the value must pass before the alert resolves, in the condition's unit. */
  hysteresis: z.number().nonnegative().optional(),
  labels: ruleLabels.default({}),
  annotations: z.record(labelName, z.string()).default({}),
})

export const alertGroupSchema = z.strictObject({
  name: z.string().min(1),
  rules: z.array(alertRuleSchema).default([]),
})

export const webhookSchema = z
  .strictObject({
    name: id,
    url: httpUrl,
    /** HMAC-SHA256 key for the signature header: literally, from an environment variable, or from a file. */
    secret: z.string().min(1).optional(),
    secretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    secretFile: z.string().min(1).optional(),
    timeout: duration.default('10s'),
    backoff: z
      .strictObject({ initial: duration.default('1s'), max: duration.default('5m') })
      .default({ initial: '1s', max: '5m' }),
    /** Messages kept while the receiver is down; beyond it the oldest is dropped and counted. */
    maxQueue: z.number().int().positive().default(1000),
  })
  .refine((w) => [w.secret, w.secretEnv, w.secretFile].filter((s) => s !== undefined).length <= 1, {
    message: 'give at most one of secret, secretEnv and secretFile',
    path: ['secret'],
  })

export const alertmanagerSchema = z.strictObject({
  url: httpUrl,
  /** Firing alerts are sent again this often; Alertmanager treats an alert not re-sent as resolved. */
  resendInterval: duration.default('1m'),
  timeout: duration.default('10s'),
  backoff: z.strictObject({ initial: duration.default('1s'), max: duration.default('1m') }).default({ initial: '1s', max: '1m' }),
})

export const alertsFileSchema = z.strictObject({
  evaluationInterval: duration.default('15s'),
  /** How long a resolved alert stays on the Alerts page. */
  resolvedRetention: duration.default('1h'),
  /** Base of the links sent to notifiers (generatorURL); default HEADROOM_PUBLIC_URL, else the server's own address. */
  externalUrl: httpUrl.optional(),
  inhibition: z.strictObject({ chains: z.boolean().default(true) }).default({ chains: true }),
  /** Absent: the built-in default rules. Present (even empty): exactly these. */
  groups: z.array(alertGroupSchema).optional(),
  notifiers: z
    .strictObject({
      alertmanager: alertmanagerSchema.optional(),
      webhooks: z.array(webhookSchema).default([]),
    })
    .default({ webhooks: [] }),
})

export type AlertsFile = z.infer<typeof alertsFileSchema>
export type AlertRuleConfig = z.infer<typeof alertRuleSchema>

export interface BackoffMs {
  initialMs: number
  maxMs: number
}

export interface WebhookConfig {
  name: string
  url: string
  /** Resolved secret, or null for unsigned. Never sent to a browser or a log. */
  secret: string | null
  timeoutMs: number
  backoff: BackoffMs
  maxQueue: number
}

export interface AlertmanagerConfig {
  url: string
  resendIntervalMs: number
  timeoutMs: number
  backoff: BackoffMs
}

/** alerts.yaml as the alert service uses it. */
export interface AlertsConfig {
  /** 'defaults' when there is no alerts.yaml or it has no `groups:`. */
  source: 'file' | 'defaults'
  evaluationIntervalMs: number
  resolvedRetentionMs: number
  externalUrl: string | null
  inhibitChains: boolean
  rules: AlertRule[]
  alertmanager: AlertmanagerConfig | null
  webhooks: WebhookConfig[]
}
