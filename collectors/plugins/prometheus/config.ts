// Config of the prometheus plugin: one Prometheus (or compatible: Thanos,
// Mimir, VictoriaMetrics) HTTP API and the PromQL queries whose results
// become samples. Strict objects: a typo is an error with its path.
import { z } from 'zod'
import type { ParseResult } from '../../types.ts'
import { exactlyOne, onlyWith, parseWithSchema } from '../../shared/config-issues.ts'
import { durationText } from '../../shared/durations.ts'
import { authSchema } from '../../shared/http-auth.ts'
import { valueKindShape, withValueKind } from '../../shared/value-kind.ts'

const appId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case application id like "ggsn-north" (letters, digits, dashes)')

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name like "instance"')

export const querySchema = withValueKind(
  onlyWith(
    exactlyOne(
      z.strictObject({
        /** PromQL; should return a vector (one sample per series) or a scalar. */
        expr: z.string().trim().min(1, 'expected a PromQL expression'),
        /** Fixed application id ... */
        app: appId.optional(),
        /** ... or the label whose value is the application id (e.g. "job"). */
        appLabel: labelName.optional(),
        /** With appLabel: label value -> application id, for jobs not named like apps. */
        appMap: z.record(z.string(), appId).optional(),
        metric: z.string().min(1, 'expected a metric name'),
        /** Result labels copied to sample tags, e.g. [instance]. */
        tags: z.array(labelName).default([]),
        /** Fixed tags added to every sample of this query, e.g. { site: north }. */
        staticTags: z.record(z.string(), z.string()).optional(),
        /**
         * type: counter for a raw counter queried without rate() (rated here, per
         * series); unit/as convert the stored value. Prefer rate() in PromQL.
         */
        ...valueKindShape,
      }),
      'app',
      'appLabel',
      'set exactly one of app (fixed id) or appLabel (label holding the id)',
    ),
    'appMap',
    'appLabel',
    'appMap only applies with appLabel',
  ),
)

export const prometheusConfigSchema = z.strictObject({
  /** Base URL of the Prometheus server, e.g. http://prom-core:9090 (a path prefix is kept). */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** Per-query deadline; the collector's run timeout still applies on top. */
  timeout: durationText.default('5s'),
  auth: authSchema.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Resolution of range queries used to backfill history. */
  backfillStep: durationText.default('60s'),
  queries: z.array(querySchema).min(1, 'expected at least one query'),
})

export type PrometheusConfig = z.infer<typeof prometheusConfigSchema>
export type PrometheusQuery = z.infer<typeof querySchema>

export function parsePrometheusConfig(raw: unknown): ParseResult<PrometheusConfig> {
  return parseWithSchema(prometheusConfigSchema, raw)
}
