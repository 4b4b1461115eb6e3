// zod reports problems as issues with PropertyKey paths; the plugin contract
// wants plain string/number paths so `headroom validate` can print
// `collectors.yaml:12 collectors[3].config.queries[0].expr: …`. Shared by the
// HTTP-based plugins (prometheus, influxql, http-json).
import type { z } from 'zod'
import type { ConfigIssue, ParseResult } from '../types.ts'
import { describeIssue } from '../../server/config/issue-text.ts'

/** Runs a zod schema and turns every failure into a ConfigIssue. */
export function parseWithSchema<S extends z.ZodType>(schema: S, raw: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(raw, { reportInput: true })
  if (result.success) return { ok: true, value: result.data }
  const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
    message: describeIssue(issue),
  }))
  return { ok: false, issues }
}

// zod skips an object's refinements once any of its fields failed, which
// would hide "set exactly one of app or appLabel" until the other errors are
// fixed. These rules run whenever the value is an object at all, so
// `headroom validate` shows every problem in one pass.
const whenObject = { when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null }

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** Requires exactly one of keys `a` and `b`; the issue is reported at `a`. */
export function exactlyOne<S extends z.ZodType>(schema: S, a: string, b: string, message: string): S {
  return schema.refine((v) => (field(v, a) === undefined) !== (field(v, b) === undefined), {
    message,
    path: [a],
    ...whenObject,
  }) as S
}

/** Key `key` only makes sense next to key `needs`. */
export function onlyWith<S extends z.ZodType>(schema: S, key: string, needs: string, message: string): S {
  return schema.refine((v) => field(v, key) === undefined || field(v, needs) !== undefined, {
    message,
    path: [key],
    ...whenObject,
  }) as S
}
