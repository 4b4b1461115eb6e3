// Process settings from the environment, with the documented defaults.
// Config files say what the estate is; the environment says where this
// process runs (port, data dir, store), as hosting platforms expect.
import { resolve } from 'node:path'
import { parseByteSize } from './config/byte-size.ts'
import { registerSettingsSecrets } from './security/config-secrets.ts'

export interface Settings {
  port: number
  /** Address to listen on; 127.0.0.1 unless tokens are configured (see app.ts). */
  host: string | null
  dataDir: string
  configDir: string
  influxUrl: string | null
  /** From HEADROOM_BACKFILL_DAYS; null = use the collectors' own setting (or 30). */
  backfillDays: number | null
  /** Plain tokens from the environment; hashed as soon as they are read. */
  envTokens: { role: 'viewer' | 'operator' | 'admin' | 'display'; token: string }[]
  /**
   * Run the collectors in this process (default true). HEADROOM_COLLECT=off or
   * `serve --no-collect` turns it off, for a dashboard beside `headroom collect` processes.
   */
  collect?: boolean
  /** HEADROOM_COLLECT_SHARDS: how many `collect --shard i/n` processes there are, so the UI can show each collector's shard. */
  collectShards?: number | null
  /** HEADROOM_SPOOL_MAX_BYTES ("512MB" or bytes); null = server.yaml spool.maxBytes or 512 MiB. */
  spoolMaxBytes?: number | null
  /** HEADROOM_SPOOL_FSYNC_MS; null = server.yaml spool.fsyncInterval or 1000. */
  spoolFsyncMs?: number | null
  /** HEADROOM_CLOSE_TIMEOUT_MS [10000]: how long a stop may spend writing what is left before leaving it in the spool. */
  closeTimeoutMs?: number
  /** HEADROOM_PUBLIC_URL: how people reach this dashboard, for links in alert notifications. */
  publicUrl?: string | null
  /** HEADROOM_ALERTMANAGER_URL: send alerts to this Alertmanager (overrides the URL in alerts.yaml). */
  alertmanagerUrl?: string | null
  /** Embedded store retention (HEADROOM_RETENTION_*_DAYS): raw points, hourly and daily rollups. */
  retention?: { rawDays: number; hourlyDays: number; dailyDays: number }
}

/** Raw points for 90 days (the longest peak profile), hourly rollups for 3 years, daily for 10. */
export const DEFAULT_RETENTION = { rawDays: 90, hourlyDays: 1096, dailyDays: 3653 } as const

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = intFrom(env, 'HEADROOM_PORT') ?? intFrom(env, 'PORT') ?? 8080
  if (port < 0 || port > 65535) throw new SettingsError(`HEADROOM_PORT must be 0..65535; got ${port}`)
  const backfillDays = intFrom(env, 'HEADROOM_BACKFILL_DAYS')
  if (backfillDays !== null && backfillDays > 400)
    throw new SettingsError(`HEADROOM_BACKFILL_DAYS must be 0..400; got ${backfillDays}`)
  const envTokens: Settings['envTokens'] = []
  for (const role of ['viewer', 'operator', 'admin', 'display'] as const) {
    const token = env[`HEADROOM_${role.toUpperCase()}_TOKEN`]
    if (token) envTokens.push({ role, token })
  }
  const settings: Settings = {
    port,
    host: env.HEADROOM_HOST || null,
    dataDir: resolve(env.HEADROOM_DATA_DIR || './data'),
    configDir: resolve(env.HEADROOM_CONFIG_DIR || './config'),
    influxUrl: env.HEADROOM_INFLUX_URL || null,
    backfillDays,
    envTokens,
    collect: collectFrom(env.HEADROOM_COLLECT),
    collectShards: positiveIntFrom(env, 'HEADROOM_COLLECT_SHARDS'),
    spoolMaxBytes: byteSizeFrom(env, 'HEADROOM_SPOOL_MAX_BYTES'),
    spoolFsyncMs: intFrom(env, 'HEADROOM_SPOOL_FSYNC_MS'),
    closeTimeoutMs: positiveIntFrom(env, 'HEADROOM_CLOSE_TIMEOUT_MS') ?? 10_000,
    publicUrl: urlFrom(env, 'HEADROOM_PUBLIC_URL'),
    alertmanagerUrl: urlFrom(env, 'HEADROOM_ALERTMANAGER_URL'),
    retention: retentionFrom(env),
  }
  registerSettingsSecrets(settings)
  return settings
}

function byteSizeFrom(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  const parsed = parseByteSize(raw)
  if ('error' in parsed) throw new SettingsError(`${name}: ${parsed.error}`)
  return parsed.bytes
}

function urlFrom(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  try {
    const url = new URL(raw)
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw
  } catch {
    // fall through to the error
  }
  throw new SettingsError(`${name} must be an http(s):// URL; got "${raw}"`)
}

function retentionFrom(env: NodeJS.ProcessEnv): Settings['retention'] {
  const r = {
    rawDays: positiveIntFrom(env, 'HEADROOM_RETENTION_RAW_DAYS') ?? DEFAULT_RETENTION.rawDays,
    hourlyDays: positiveIntFrom(env, 'HEADROOM_RETENTION_HOURLY_DAYS') ?? DEFAULT_RETENTION.hourlyDays,
    dailyDays: positiveIntFrom(env, 'HEADROOM_RETENTION_DAILY_DAYS') ?? DEFAULT_RETENTION.dailyDays,
  }
  if (r.hourlyDays < r.rawDays)
    throw new SettingsError(
      `HEADROOM_RETENTION_HOURLY_DAYS (${r.hourlyDays}) must be at least HEADROOM_RETENTION_RAW_DAYS (${r.rawDays})`,
    )
  if (r.dailyDays < r.hourlyDays)
    throw new SettingsError(
      `HEADROOM_RETENTION_DAILY_DAYS (${r.dailyDays}) must be at least HEADROOM_RETENTION_HOURLY_DAYS (${r.hourlyDays})`,
    )
  return r
}

function collectFrom(raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return true
  const v = raw.trim().toLowerCase()
  if (['on', 'true', '1', 'yes'].includes(v)) return true
  if (['off', 'false', '0', 'no'].includes(v)) return false
  throw new SettingsError(`HEADROOM_COLLECT must be on or off; got "${raw}"`)
}

function positiveIntFrom(env: NodeJS.ProcessEnv, name: string): number | null {
  const n = intFrom(env, name)
  if (n !== null && n < 1) throw new SettingsError(`${name} must be 1 or more; got ${n}`)
  return n
}

function intFrom(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  if (!/^\d+$/.test(raw)) throw new SettingsError(`${name} must be a whole number; got "${raw}"`)
  return Number(raw)
}

/** HEADROOM_IMPORT_MAX_BYTES, default 50 MB; a bad value is named at start-up. */
export function importMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEADROOM_IMPORT_MAX_BYTES
  if (raw === undefined || raw === '') return DEFAULT_IMPORT_MAX_BYTES
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new Error(`HEADROOM_IMPORT_MAX_BYTES must be a whole number of bytes; got "${raw}"`)
  return Number(raw)
}

/** 50 MB: a year of hourly rows for a few hundred series, far beyond any forecast file. */
export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024
