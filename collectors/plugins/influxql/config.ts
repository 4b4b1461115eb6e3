// Config of the influxql plugin: one InfluxDB (1.x, or 2.x/3.x through the
// v1 compatibility API), a database, and InfluxQL SELECTs whose results
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

// Read-only by construction: one SELECT per mapping, never INTO (which writes).
// The plugin also sends queries as GET, which InfluxDB refuses for writes.
const selectStatement = z
  .string()
  .trim()
  .regex(/^select\s/i, 'expected one InfluxQL SELECT statement')
  .refine((q) => !/;\s*\S/.test(q), 'expected one statement (no ";" between statements)')
  .refine((q) => !/\binto\b/i.test(q.replace(/"[^"]*"|'[^']*'/g, '')), 'SELECT … INTO writes data; the collector only reads')

export const influxQuerySchema = withValueKind(
  onlyWith(
    exactlyOne(
      z.strictObject({
        query: selectStatement,
        app: appId.optional(),
        /** Tag (from GROUP BY) whose value is the application id. */
        appTag: z.string().min(1).optional(),
        /** With appTag: tag value -> application id. */
        appMap: z.record(z.string(), appId).optional(),
        metric: z.string().min(1, 'expected a metric name'),
        /** Column holding the value; default: the only column besides time. */
        field: z.string().min(1).optional(),
        /** GROUP BY tags copied to sample tags. */
        tags: z.array(z.string().min(1)).default([]),
        staticTags: z.record(z.string(), z.string()).optional(),
        /** `last`: one sample per series per run (the newest non-null row); `all`: every row. */
        rows: z.enum(['last', 'all']).default('last'),
        /** type: counter for raw totals (Telegraf's net bytes_recv) rated here; unit/as convert. */
        ...valueKindShape,
      }),
      'app',
      'appTag',
      'set exactly one of app (fixed id) or appTag (GROUP BY tag holding the id)',
    ),
    'appMap',
    'appTag',
    'appMap only applies with appTag',
  ),
)

export const influxqlConfigSchema = z.strictObject({
  /** Base URL, e.g. http://influx:8086 (a path prefix is kept). */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  database: z.string().min(1, 'expected a database name like "telegraf"'),
  retentionPolicy: z.string().min(1).optional(),
  timeout: durationText.default('5s'),
  /** basic (1.x users; 2.x: a user name plus the token as password) or token (2.x/3.x `Authorization: Token`). */
  auth: authSchema.optional(),
  queries: z.array(influxQuerySchema).min(1, 'expected at least one query'),
})

export type InfluxqlConfig = z.infer<typeof influxqlConfigSchema>
export type InfluxQuery = z.infer<typeof influxQuerySchema>

export function parseInfluxqlConfig(raw: unknown): ParseResult<InfluxqlConfig> {
  return parseWithSchema(influxqlConfigSchema, raw)
}
