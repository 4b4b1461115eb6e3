// http-json: polls JSON endpoints (REST APIs of monitoring tools, health
// endpoints) and maps fields to samples with JSONPath. Each endpoint is a
// target: its failure is reported with its URL and the others go on.
// Totals declared `type: counter` are rated here per series (mapping +
// tags), with the baseline kept per collector id; `unit`/`as` convert.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseHttpJsonConfig, type HttpJsonConfig, type HttpJsonEndpoint } from './config.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { extractField } from './extract.ts'
import { asError, excerpt, requestTarget, targetLabel, TargetError } from '../../shared/http-request.ts'
import { CounterState, normaliseSamples } from '../../shared/value-kind.ts'
import type { RateTracker } from '../../rates.ts'

// Beyond this many problems for one field, the rest are counted, not listed:
// a 500-node response with a renamed field should not flood the health view.
const maxProblemsListed = 3

const counters = new CounterState()

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
  endpointIndex: number,
  config: HttpJsonConfig,
  tracker: RateTracker,
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
  for (const [fieldIndex, field] of endpoint.fields.entries()) {
    const { samples, problems } = extractField(doc, field, now)
    const mapping = [String(endpointIndex), String(fieldIndex), field.value, field.metric]
    const normalised = normaliseSamples(samples, field, tracker, mapping)
    for (const sample of normalised.samples) acc.add(sample)
    problems.push(...normalised.problems)
    if (normalised.resets.length > 0) ctx.log.debug({ collector: ctx.id, url: label, resets: normalised.resets }, 'counter reset')
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
    const tracker = counters.trackerFor(ctx.id, ctx.now())
    await Promise.all(config.endpoints.map((endpoint, i) => collectEndpoint(endpoint, i, config, tracker, acc, ctx)))
  },
  async close() {
    counters.clear()
  },
}

export default httpJsonPlugin
