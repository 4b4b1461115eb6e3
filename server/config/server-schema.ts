// config/server.yaml (optional): who may do what. Tokens are stored as
// SHA-256 hashes only (`headroom hash-token SECRET` prints one), so the
// config can be reviewed and committed without leaking credentials.
import { z } from 'zod'

export const roles = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof roles)[number]

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'expected a SHA-256 hex digest (run `headroom hash-token SECRET`)')

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
})

export type ServerFile = z.infer<typeof serverFileSchema>
