// Secrets (passwords, tokens, SNMP keys) come from an environment variable or
// a file, read at collect time so a rotated file is picked up without a
// restart. Messages name the variable or file, never the secret.
import { readFileSync } from 'node:fs'
import { registerSecret } from '../../server/security/redact.ts'

/** Thrown when a secret cannot be read; the message is safe to show and log. */
export class SecretError extends Error {}

export function readSecret(env: string | undefined, file: string | undefined, what: string): string {
  if (env !== undefined) {
    const value = process.env[env]
    if (value === undefined || value === '') throw new SecretError(`${what}: environment variable ${env} is not set`)
    // From now on this value is masked wherever it appears (logs, responses, pushes).
    registerSecret(value)
    return value
  }
  if (file !== undefined) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable'
      throw new SecretError(`${what}: cannot read ${file} (${code})`)
    }
    // Files written by `echo` or secret managers end in a newline that is not part of the secret.
    const value = text.trim()
    if (value === '') throw new SecretError(`${what}: ${file} is empty`)
    registerSecret(value)
    return value
  }
  throw new SecretError(`${what}: no source configured`)
}
