// InfluxDB's v1 query API: GET /query?db=…&q=…&epoch=ms. GET because InfluxDB
// refuses anything that writes over GET, so a collector can never change
// data. Answers are narrowed to plain series; errors name URL and query.
import { z } from 'zod'
import { excerpt, joinUrlPath, requestTarget, targetLabel, TargetError } from '../../shared/http-request.ts'
import type { AuthConfig } from '../../shared/http-auth.ts'

export interface InfluxSeries {
  name: string
  tags: Record<string, string>
  columns: string[]
  values: unknown[][]
}

export interface InfluxEndpoint {
  url: string
  database: string
  retentionPolicy?: string
  auth?: AuthConfig
  timeoutMs: number
  signal: AbortSignal
}

const series = z.object({
  name: z.string().default(''),
  tags: z.record(z.string(), z.string()).default({}),
  columns: z.array(z.string()),
  values: z.array(z.array(z.unknown())).default([]),
})
const answer = z.object({
  error: z.string().optional(),
  results: z
    .array(z.object({ statement_id: z.number().optional(), error: z.string().optional(), series: z.array(series).optional() }))
    .optional(),
})

export function queryDetail(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim()
  return `query="${flat.length > 100 ? `${flat.slice(0, 100)}…` : flat}"`
}

export function queryUrl(base: string): string {
  return joinUrlPath(base, '/query')
}

/** Runs one SELECT; resolves to its series or throws a TargetError naming URL and query. */
export async function runInfluxQuery(endpoint: InfluxEndpoint, query: string): Promise<InfluxSeries[]> {
  const displayUrl = queryUrl(endpoint.url)
  const detail = queryDetail(query)
  const label = targetLabel(displayUrl, detail)
  const params = new URLSearchParams({ db: endpoint.database, q: query, epoch: 'ms' })
  if (endpoint.retentionPolicy) params.set('rp', endpoint.retentionPolicy)
  const res = await requestTarget({
    url: `${displayUrl}${displayUrl.includes('?') ? '&' : '?'}${params.toString()}`,
    displayUrl,
    detail,
    headers: { accept: 'application/json' },
    auth: endpoint.auth,
    timeoutMs: endpoint.timeoutMs,
    signal: endpoint.signal,
  })
  let json: unknown
  try {
    json = JSON.parse(res.text)
  } catch {
    throw new TargetError(
      `${label} HTTP ${res.status} ${res.statusText}: not an InfluxDB answer: ${excerpt(res.text) || '(empty body)'}`,
    )
  }
  const parsed = answer.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'unknown shape'
    throw new TargetError(`${label} HTTP ${res.status}: unexpected InfluxDB answer at ${where}`)
  }
  // Auth failures, unknown databases and parse errors arrive as `error` with a useful sentence.
  if (parsed.data.error) throw new TargetError(`${label} InfluxDB error (HTTP ${res.status}): ${parsed.data.error}`)
  if (res.status !== 200) throw new TargetError(`${label} HTTP ${res.status} ${res.statusText}`)
  const [result] = parsed.data.results ?? []
  if (result?.error) throw new TargetError(`${label} InfluxDB error: ${result.error}`)
  return result?.series ?? []
}
