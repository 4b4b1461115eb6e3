// The Prometheus HTTP API (/api/v1/query and /api/v1/query_range): sends a
// query and narrows the JSON answer to plain series. Queries go as POST
// forms so long PromQL never hits URL length limits or access logs.
import { z } from 'zod'
import { excerpt, joinUrlPath, requestTarget, targetLabel, TargetError } from '../../shared/http-request.ts'
import type { AuthConfig } from '../../shared/http-auth.ts'

/** One result series: its labels and its points (time, value). Values may be NaN/±Inf. */
export interface PromSeries {
  labels: Record<string, string>
  points: { at: Date; value: number }[]
}

export interface PromEndpoint {
  url: string
  auth?: AuthConfig
  headers?: Record<string, string>
  timeoutMs: number
  signal: AbortSignal
}

const point = z.tuple([z.number(), z.string()])
const labels = z.record(z.string(), z.string())
const data = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: point })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(point) })) }),
  z.object({ resultType: z.literal('scalar'), result: point }),
  z.object({ resultType: z.literal('string'), result: point }),
])
const answer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
])

// Prometheus writes infinities as "+Inf"/"-Inf", which Number() does not read.
function toValue(text: string): number {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

function toPoint([seconds, text]: [number, string]): { at: Date; value: number } {
  return { at: new Date(Math.round(seconds * 1000)), value: toValue(text) }
}

/** `query="sum(rate(x[1m]))"`, shortened so one error stays one readable line. */
export function queryDetail(expr: string): string {
  const flat = expr.replace(/\s+/g, ' ').trim()
  return `query="${flat.length > 100 ? `${flat.slice(0, 100)}…` : flat}"`
}

function apiUrl(base: string, path: string): string {
  return joinUrlPath(base, path)
}

/** Runs one PromQL query; resolves to series or throws a TargetError naming URL and query. */
export async function runQuery(
  endpoint: PromEndpoint,
  path: '/api/v1/query' | '/api/v1/query_range',
  params: Record<string, string>,
): Promise<{ series: PromSeries[]; warnings: string[] }> {
  const url = apiUrl(endpoint.url, path)
  const detail = queryDetail(params.query ?? '')
  const label = targetLabel(url, detail)
  const res = await requestTarget({
    url,
    method: 'POST',
    headers: { ...endpoint.headers, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    auth: endpoint.auth,
    timeoutMs: endpoint.timeoutMs,
    signal: endpoint.signal,
    detail,
  })
  let json: unknown
  try {
    json = JSON.parse(res.text)
  } catch {
    throw new TargetError(
      `${label} HTTP ${res.status} ${res.statusText}: not a Prometheus API answer: ${excerpt(res.text) || '(empty body)'}`,
    )
  }
  const parsed = answer.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'unknown shape'
    throw new TargetError(`${label} HTTP ${res.status}: unexpected Prometheus answer at ${where}`)
  }
  const body = parsed.data
  // Prometheus reports PromQL and execution errors in the body (400/422/503) with a reason worth showing.
  if (body.status === 'error') throw new TargetError(`${label} Prometheus ${body.errorType} error: ${body.error}`)
  if (res.status !== 200) throw new TargetError(`${label} HTTP ${res.status} ${res.statusText}`)
  const warnings = body.warnings ?? []
  const result = body.data
  switch (result.resultType) {
    case 'vector':
      return { series: result.result.map((r) => ({ labels: r.metric, points: [toPoint(r.value)] })), warnings }
    case 'matrix':
      return { series: result.result.map((r) => ({ labels: r.metric, points: r.values.map(toPoint) })), warnings }
    case 'scalar':
      return { series: [{ labels: {}, points: [toPoint(result.result)] }], warnings }
    case 'string':
      throw new TargetError(`${label} returns a string; expected a vector or a scalar`)
  }
}
