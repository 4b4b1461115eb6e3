// http-json: polls JSON endpoints (REST APIs of monitoring tools, health
// endpoints) and maps fields to samples with JSONPath. Each endpoint is a
// target: its failure is reported with its URL and the others go on.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseHttpJsonConfig, type HttpJsonConfig, type HttpJsonEndpoint } from './config.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { extractField } from './extract.ts'
import { asError, excerpt, requestTarget, targetLabel, TargetError } from '../../shared/http-request.ts'

// Beyond this many problems for one field, the rest are counted, not listed:
// a 500-node response with a renamed field should not flood the health view.
const maxProblemsListed = 3

async function fetchJson(endpoint: HttpJsonEndpoint, timeoutMs: number, ctx: CollectorContext): Promise<unknown> {
  const label = targetLabel(endpoint.url)
  const headers: Record<string, string> = { accept: 'application/json', ...endpoint.headers }
  let body: string | undefined
  if (endpoint.body !== undefined) {
    body = JSON.stringify(endpoint.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await requestTarget({
    url: endpoint.url,
    method: endpoint.method,
    headers,
    body,
    auth: endpoint.auth,
    timeoutMs,
    signal: ctx.signal,
    maxBytes: endpoint.maxBytes,
  })
  if (!endpoint.expectStatus.includes(res.status)) {
    throw new TargetError(
      `${label} HTTP ${res.status} ${res.statusText}, expected ${endpoint.expectStatus.join(' or ')}` +
        (res.text ? `: ${excerpt(res.text)}` : ''),
    )
  }
  try {
    return JSON.parse(res.text) as unknown
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new TargetError(
      `${label} response is not valid JSON (${reason}; content-type ${res.contentType || 'none'}): ${excerpt(res.text) || '(empty body)'}`,
    )
  }
}

async function collectEndpoint(
  endpoint: HttpJsonEndpoint,
  config: HttpJsonConfig,
  acc: Accumulator,
  ctx: CollectorContext,
): Promise<void> {
  const label = targetLabel(endpoint.url)
  const timeoutMs = parseDurationMs(endpoint.timeout ?? config.timeout)
  let doc: unknown
  try {
    doc = await fetchJson(endpoint, timeoutMs, ctx)
  } catch (err) {
    acc.addError(asError(err, label))
    return
  }
  const now = ctx.now()
  for (const field of endpoint.fields) {
    const { samples, problems } = extractField(doc, field, now)
    for (const sample of samples) acc.add(sample)
    if (problems.length === 0) continue
    const listed = problems.slice(0, maxProblemsListed).join('; ')
    const more = problems.length > maxProblemsListed ? ` (and ${problems.length - maxProblemsListed} more)` : ''
    acc.addError(new Error(`${label} ${listed}${more}`))
  }
}

export const httpJsonPlugin: CollectorPlugin<HttpJsonConfig> = {
  type: 'http-json',
  parseConfig: parseHttpJsonConfig,
  async collect(config, acc, ctx) {
    // Endpoints are independent targets: poll them together so one slow API
    // costs its own timeout, not the sum of everyone's.
    await Promise.all(config.endpoints.map((endpoint) => collectEndpoint(endpoint, config, acc, ctx)))
  },
}

export default httpJsonPlugin
