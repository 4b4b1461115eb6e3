// Registers every credential written into the configuration or the
// environment with the redactor, at load time, so it is masked from the first
// log line on: URL userinfo and secret-named query values anywhere in
// collectors.yaml, secret-named header and key values, the InfluxDB URL's
// password, the bearer tokens from the environment. (Secrets named by
// *Env/*File are registered when they are read: collectors/shared/secret.ts.)
import { registerHeaderSecret, registerSecret, registerUrlSecrets, SECRET_NAME } from './redact.ts'

// Keys that name where a secret is, not the secret: passwordEnv, tokenFile, authKeyEnv.
const POINTER_KEY = /(Env|File)$/

function walk(value: unknown, key: string, depth: number): void {
  if (depth > 20) return
  if (typeof value === 'string') {
    if (value.includes('://')) registerUrlSecrets(value)
    if (SECRET_NAME.test(key) && !POINTER_KEY.test(key)) registerHeaderSecret(value)
    return
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, key, depth + 1)
    return
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1)
  }
}

/** Narrow shapes (not LoadedConfig / Settings): this module sits below the loader and the settings that call it. */
export function registerConfigSecrets(collectors: readonly { config?: unknown }[], influxUrl: string | undefined): void {
  for (const entry of collectors) walk(entry.config, '', 0)
  if (influxUrl) registerUrlSecrets(influxUrl)
}

export function registerSettingsSecrets(settings: { envTokens: readonly { token: string }[]; influxUrl: string | null }): void {
  for (const t of settings.envTokens) registerSecret(t.token)
  if (settings.influxUrl) registerUrlSecrets(settings.influxUrl)
}
