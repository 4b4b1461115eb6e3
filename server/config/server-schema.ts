// config/server.yaml (optional): who may do what. Tokens are stored as
// SHA-256 hashes only (`headroom hash-token SECRET` prints one), so the
// config can be reviewed and committed without leaking credentials.
import { z } from 'zod'
import { parseByteSize } from './byte-size.ts'

export const roles = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof roles)[number]

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'expected a SHA-256 hex digest (run `headroom hash-token SECRET`)')

const byteSize = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v
  const parsed = parseByteSize(v)
  if ('bytes' in parsed) return parsed.bytes
  ctx.addIssue({ code: 'custom', message: parsed.error })
  return z.NEVER
})

/** Disk spool (write-ahead) of the write pipeline; HEADROOM_SPOOL_MAX_BYTES / HEADROOM_SPOOL_FSYNC_MS win. Read at start only. */
const spoolSchema = z.strictObject({
  /** Most bytes of unsent points kept on disk, e.g. "512MB"; past it the oldest segment is dropped. */
  maxBytes: byteSize.optional(),
  /** Longest time between an append and its fdatasync; "0ms" syncs every push. */
  fsyncInterval: z
    .string()
    .regex(/^\d+(ms|s)$/, 'expected a duration like "1s" or "0ms"')
    .optional(),
})

export const serverFileSchema = z.strictObject({
  /** InfluxDB URL like http://127.0.0.1:8086/headroom; HEADROOM_INFLUX_URL wins over it. */
  influxUrl: z.string().url().optional(),
  auth: z
    .strictObject({
      tokens: z.array(z.strictObject({ name: z.string().min(1), role: z.enum(roles), sha256 })).default([]),
      /** Read-only tokens accepted in the URL (`?token=`) for wall screens. */
      displayTokens: z.array(z.strictObject({ name: z.string().min(1), sha256 })).default([]),
    })
    .default({ tokens: [], displayTokens: [] }),
  spool: spoolSchema.default({}),
})

export type ServerFile = z.infer<typeof serverFileSchema>
