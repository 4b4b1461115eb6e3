// Secrets (passwords, tokens) never live in collectors.yaml: the config names
// an environment variable or a file. They are read at collect time so a
// rotated token file is picked up without a restart, and so `headroom
// validate` works on a machine that does not hold the secrets. Error
// messages name the variable or file, never the value.
import { z } from 'zod'
import { exactlyOne } from './config-issues.ts'
import { readSecret, SecretError } from './secret.ts'

export { SecretError }

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name like "PROM_TOKEN"')
const filePath = z.string().min(1, 'expected a file path')

const basicAuth = exactlyOne(
  z.strictObject({
    type: z.literal('basic'),
    username: z.string().min(1, 'expected a user name'),
    passwordEnv: envName.optional(),
    passwordFile: filePath.optional(),
  }),
  'passwordEnv',
  'passwordFile',
  'set exactly one of passwordEnv or passwordFile (passwords never go in the YAML)',
)

/** `bearer` sends `Authorization: Bearer …`; `token` sends `Authorization: Token …` (InfluxDB 2.x/3.x v1 API). */
const tokenAuth = exactlyOne(
  z.strictObject({
    type: z.enum(['bearer', 'token']),
    tokenEnv: envName.optional(),
    tokenFile: filePath.optional(),
  }),
  'tokenEnv',
  'tokenFile',
  'set exactly one of tokenEnv or tokenFile (tokens never go in the YAML)',
)

// Discriminated on `type` so a wrong key is reported against the right variant.
export const authSchema = z.discriminatedUnion('type', [basicAuth, tokenAuth])
export type AuthConfig = z.infer<typeof authSchema>

/** The Authorization header value for this auth config. */
export function authorizationHeader(auth: AuthConfig): string {
  if (auth.type === 'basic') {
    const password = readSecret(auth.passwordEnv, auth.passwordFile, 'basic auth password')
    return `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}`
  }
  const token = readSecret(auth.tokenEnv, auth.tokenFile, `${auth.type} token`)
  return `${auth.type === 'bearer' ? 'Bearer' : 'Token'} ${token}`
}
