// Config of the snmp plugin: which agents to ask (targets, with v2c or v3
// credentials named by env var or file, never inline) and which OIDs become
// which application metric. Every mapping is read from every target; the
// target's tags (site: north) keep the series apart. Objects are strict so a
// typo is an error with its path, not a silently missing metric.
import { z } from 'zod'
import type { ParseResult } from '../../types.ts'
import { checkUnitConversion } from '../../units.ts'
import { parseWithSchema } from '../../shared/config-issues.ts'
import { durationText } from '../../shared/durations.ts'

const id = z
  .string({ error: 'expected a lower-case id' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "ggsn" (letters, digits, dashes)')
const oid = z
  .string({ error: 'expected a numeric OID like "1.3.6.1.2.1.31.1.1.1.6"' })
  .regex(/^\.?\d+(\.\d+)+$/, 'expected a numeric OID like "1.3.6.1.2.1.31.1.1.1.6" (MIB names are not resolved)')
  .transform((s) => s.replace(/^\./, ''))
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name like "SNMP_COMMUNITY"')
const filePath = z.string().min(1, 'expected a file path')
const tags = z.record(z.string().min(1), z.string())

/** Exactly one of `<name>Env` / `<name>File` must be set: secrets never go in the YAML. */
function oneSecret(obj: Record<string, unknown>, name: string, ctx: z.RefinementCtx, why: string): void {
  const env = obj[`${name}Env`] !== undefined
  const file = obj[`${name}File`] !== undefined
  if (env === file) {
    ctx.addIssue({ code: 'custom', path: [`${name}Env`], message: `set exactly one of ${name}Env or ${name}File (${why})` })
  }
}

function noSecret(obj: Record<string, unknown>, name: string, ctx: z.RefinementCtx, why: string): void {
  for (const key of [`${name}Env`, `${name}File`]) {
    if (obj[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is not used ${why}` })
  }
}

export const targetSchema = z
  .strictObject({
    host: z.string({ error: 'expected a host name or address' }).min(1, 'expected a host name or address'),
    port: z.number().int().min(1).max(65535).default(161),
    version: z.enum(['2c', '3']).default('2c'),
    communityEnv: envName.optional(),
    communityFile: filePath.optional(),
    /** v3 user-based security. */
    user: z.string().min(1).optional(),
    level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']).default('authPriv'),
    authProtocol: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).default('sha'),
    authKeyEnv: envName.optional(),
    authKeyFile: filePath.optional(),
    privProtocol: z.enum(['des', 'aes', 'aes256b', 'aes256r']).default('aes'),
    privKeyEnv: envName.optional(),
    privKeyFile: filePath.optional(),
    /** Per-request deadline; the collector's run timeout still applies on top. */
    timeout: durationText.default('3s'),
    retries: z.number().int().min(0).max(5).default(1),
    /** Added to every sample from this target, e.g. { site: north }. */
    tags: tags.default({}),
  })
  .superRefine((t, ctx) => {
    if (t.version === '2c') {
      oneSecret(t, 'community', ctx, 'community strings never go in the YAML')
      if (t.user !== undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: 'user is only used with version "3"' })
      noSecret(t, 'authKey', ctx, 'with version "2c"')
      noSecret(t, 'privKey', ctx, 'with version "2c"')
      return
    }
    noSecret(t, 'community', ctx, 'with version "3" (set user and keys instead)')
    if (t.user === undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: 'version "3" needs a user' })
    if (t.level === 'noAuthNoPriv') {
      noSecret(t, 'authKey', ctx, 'with level noAuthNoPriv')
      noSecret(t, 'privKey', ctx, 'with level noAuthNoPriv')
      return
    }
    oneSecret(t, 'authKey', ctx, 'keys never go in the YAML')
    if (t.level === 'authPriv') oneSecret(t, 'privKey', ctx, 'keys never go in the YAML')
    else noSecret(t, 'privKey', ctx, 'with level authNoPriv')
  })

export const mappingSchema = z
  .strictObject({
    app: id,
    metric: id,
    oid,
    /** Bulk-walk the subtree under `oid`: one reading per row (ifTable, session tables). */
    walk: z.boolean().default(false),
    /**
     * auto: Counter32/Counter64 become per-second rates, everything else is a gauge.
     * counter: always a rate. gauge: the raw value, even of a counter.
     */
    type: z.enum(['auto', 'counter', 'gauge']).default('auto'),
    /** Unit the agent reports in (for counters: the counted unit, e.g. "bytes"). */
    unit: z.string().min(1).optional(),
    /** Unit to store, e.g. "Mbit/s"; needs `unit`. */
    as: z.string().min(1).optional(),
    /** Walked rows get a tag from another column, e.g. { name: "interface", oid: ifName }. */
    indexTag: z.strictObject({ name: z.string().min(1), oid }).optional(),
    /** Regular expression on the row's tag value (or index): only matching rows are kept. */
    include: z.string().min(1).optional(),
    /** Walked rows: one sample per row (none), or their sum / max as one sample. */
    aggregate: z.enum(['none', 'sum', 'max']).default('none'),
    tags: tags.default({}),
  })
  .superRefine((m, ctx) => {
    if ((m.unit === undefined) !== (m.as === undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.unit === undefined ? 'unit' : 'as'], message: 'set both unit and as, or neither' })
    } else if (m.unit !== undefined && m.as !== undefined) {
      // 'auto' is only known at collection time: accept when either reading works.
      const rated = m.type === 'counter' ? [true] : m.type === 'gauge' ? [false] : [true, false]
      const problems = rated.map((r) => checkUnitConversion(m.unit ?? '', m.as ?? '', { rated: r }))
      if (problems.every((p) => p !== null)) ctx.addIssue({ code: 'custom', path: ['as'], message: problems[0] ?? 'bad unit' })
    }
    if (!m.walk) {
      for (const key of ['indexTag', 'include'] as const) {
        if (m[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs walk: true` })
      }
      if (m.aggregate !== 'none') ctx.addIssue({ code: 'custom', path: ['aggregate'], message: 'aggregate needs walk: true' })
    }
    if (m.include !== undefined) {
      try {
        new RegExp(m.include)
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: ['include'],
          message: `not a regular expression: ${err instanceof Error ? err.message : String(err)}`,
        })
      }
    }
  })

export const snmpConfigSchema = z.strictObject({
  targets: z.array(targetSchema).min(1, 'expected at least one target'),
  metrics: z.array(mappingSchema).min(1, 'expected at least one metric mapping'),
  /** GETBULK max-repetitions for walks. */
  maxRepetitions: z.number().int().min(1).max(200).default(25),
  /** Largest believable rate per second; above it a counter jump counts as a reset. */
  maxRate: z.number().positive().optional(),
})

export type SnmpConfig = z.infer<typeof snmpConfigSchema>
export type SnmpTarget = z.infer<typeof targetSchema>
export type SnmpMapping = z.infer<typeof mappingSchema>

export function parseSnmpConfig(raw: unknown): ParseResult<SnmpConfig> {
  return parseWithSchema(snmpConfigSchema, raw)
}

/** How the target is named in errors and series keys: udp://host:port. */
export function targetLabel(t: Pick<SnmpTarget, 'host' | 'port'>): string {
  return `udp://${t.host}:${t.port}`
}
