// How the InfluxDB store reaches its server: the influx client for queries,
// the origin and credentials for direct /write requests, and a printable
// address with the credentials taken out.
import { InfluxDB } from 'influx'
import { seriesOfResponse } from './influx-results.ts'

export interface Connection {
  client: InfluxDB
  database: string
  /** http://host:port (no credentials, no path) for direct /write requests. */
  origin: string
  authorization: string | null
  /** The URL without user:password, for messages. */
  where: string
}

export function connectionOf(raw: string): Connection {
  const url = new URL(raw)
  const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''))
  if (database === '') throw new Error(`InfluxDB URL ${raw} names no database; expected http://host:8086/database`)
  const client = new InfluxDB({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 8086,
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    database,
    ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
  })
  const authorization = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null
  return { client, database, origin: url.origin, authorization, where: raw.replace(/\/\/[^@/]*@/, '//') }
}

/** The influx client's errors carry the whole request (with its auth header); keep only the sentence. */
export function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Why fetch() failed, with the socket error code (ECONNREFUSED...) that undici hides in `cause`. */
export function fetchFailure(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : ''
  return `${describeFailure(err)}${cause}`
}

/** Runs an InfluxQL query; a failure names the server (without credentials) and the query. */
export async function queryInflux(c: Connection, q: string): Promise<ReturnType<typeof seriesOfResponse>> {
  let raw: unknown
  try {
    raw = await c.client.queryRaw(q, { database: c.database, precision: 'ms' })
  } catch (err) {
    throw new Error(`InfluxDB query to ${c.where} failed (${describeFailure(err)}): ${q}`)
  }
  return seriesOfResponse(raw, q)
}
