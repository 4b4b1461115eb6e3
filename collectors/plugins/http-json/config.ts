// Config of the http-json plugin: which JSON endpoints to poll and how to
// turn fields of each response into samples. Every object is strict so a
// typo ("valu:") is an error with its path, not a silently missing metric.
import { z } from 'zod'
import type { ParseResult } from '../../types.ts'
import { exactlyOne, parseWithSchema } from '../../shared/config-issues.ts'
import { durationText } from '../../shared/durations.ts'
import { authSchema } from '../../shared/http-auth.ts'
import { valueKindShape, withValueKind } from '../../shared/value-kind.ts'

const appId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case application id like "sm2m" (letters, digits, dashes)')

const jsonPath = z.string().regex(/^\$/, 'expected a JSONPath starting with "$", e.g. "$.sessions.active"')

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })

export const fieldSchema = withValueKind(
  exactlyOne(
    z.strictObject({
      /** Optional: one sample per item this path matches; `value`, `tagPaths`, `time` are then relative to the item. */
      each: jsonPath.optional(),
      /** Where the number is. Strings that parse as numbers and booleans (1/0) are accepted. */
      value: jsonPath,
      /** Maps text values (health endpoints: "UP"/"DOWN") to numbers. */
      valueMap: z.record(z.string(), z.number()).optional(),
      app: appId.optional(),
      /** Application id taken from the response (item) instead of fixed. */
      appPath: jsonPath.optional(),
      metric: z.string().min(1, 'expected a metric name'),
      /** Fixed tags, e.g. { site: north }. */
      tags: z.record(z.string(), z.string()).optional(),
      /** Tags read from the response, e.g. { node: "$.name" }. */
      tagPaths: z.record(z.string(), jsonPath).optional(),
      /** Where the sample time is (ISO text, or epoch seconds/ms); default: collection time. */
      time: jsonPath.optional(),
      /** type: counter for totals (requests served) rated here per series; unit/as convert. */
      ...valueKindShape,
    }),
    'app',
    'appPath',
    'set exactly one of app (fixed id) or appPath (JSONPath)',
  ),
)

export const endpointSchema = z.strictObject({
  url: httpUrl,
  method: z.enum(['GET', 'POST']).default('GET'),
  /** JSON body for POST endpoints (search APIs). */
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  auth: authSchema.optional(),
  /** Status codes that count as success. */
  expectStatus: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
  /** Largest response body accepted, in bytes; default 16 MiB. */
  maxBytes: z.number().int().positive().optional(),
  /** Overrides the plugin-wide timeout for a slow endpoint. */
  timeout: durationText.optional(),
  fields: z.array(fieldSchema).min(1, 'expected at least one field mapping'),
})

export const httpJsonConfigSchema = z.strictObject({
  /** Per-request deadline; the collector's own run timeout still applies on top. */
  timeout: durationText.default('5s'),
  endpoints: z.array(endpointSchema).min(1, 'expected at least one endpoint'),
})

export type HttpJsonConfig = z.infer<typeof httpJsonConfigSchema>
export type HttpJsonEndpoint = z.infer<typeof endpointSchema>
export type HttpJsonField = z.infer<typeof fieldSchema>

export function parseHttpJsonConfig(raw: unknown): ParseResult<HttpJsonConfig> {
  return parseWithSchema(httpJsonConfigSchema, raw)
}
