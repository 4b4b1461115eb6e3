// zod reports problems as issues with PropertyKey paths; the plugin contract
// wants plain string/number paths so `headroom validate` can print
// `collectors.yaml:12 collectors[3].config.queries[0].expr: …`. Shared by the
// HTTP-based plugins (prometheus, influxql, http-json).
import type { z } from 'zod'
import type { ConfigIssue, ParseResult } from '../../types.ts'

/** Runs a zod schema and turns every failure into a ConfigIssue. */
export function parseWithSchema<S extends z.ZodType>(schema: S, raw: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(raw)
  if (result.success) return { ok: true, value: result.data }
  const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
    message: issue.message,
  }))
  return { ok: false, issues }
}
