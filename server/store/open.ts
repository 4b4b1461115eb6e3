// Picks the store from settings: InfluxDB when a URL is configured, else the
// embedded DuckDB file, so a fresh machine runs with nothing else installed.
import { join } from 'node:path'
import type { Retention, Store } from './types.ts'
import { createDuckDbStore } from './duckdb.ts'
import { createInfluxStore } from './influx.ts'

export interface OpenStoreOptions {
  /** Directory for the embedded store's file (created if missing). */
  dataDir: string
  /** e.g. http://127.0.0.1:8086/headroom (HEADROOM_INFLUX_URL); null/empty = embedded DuckDB. */
  influxUrl?: string | null
  /** The embedded store's retention (InfluxDB has its retention policy). */
  retention?: Retention
}

/** Throws a message naming HEADROOM_INFLUX_URL when the URL is not http(s)://host:port/database. */
export function checkInfluxUrl(raw: string): URL {
  const problem = `HEADROOM_INFLUX_URL must look like http://host:8086/database; got ${JSON.stringify(raw)}`
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(problem)
  }
  const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''))
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    database === '' ||
    database.includes('/')
  ) {
    throw new Error(problem)
  }
  return url
}

export function openStore(opts: OpenStoreOptions): Store {
  if (opts.influxUrl) {
    checkInfluxUrl(opts.influxUrl)
    return createInfluxStore({ url: opts.influxUrl })
  }
  return createDuckDbStore({
    path: join(opts.dataDir, 'headroom.duckdb'),
    ...(opts.retention ? { retention: opts.retention } : {}),
  })
}
