// Calls of the what-if editor. Unlike postJson these keep the server's
// `problems` list of a 400 (every field at fault, worded as the config
// loader words it), so the form can show each one.
import type { ScenarioInput, ScenarioProblem } from '../../server/views/responses.ts'
import { errorText } from './api-client.ts'
import { authHeaders, reportUnauthorised } from './auth.ts'

export type WhatIfAnswer<T> = { ok: true; data: T } | { ok: false; error: string; problems: ScenarioProblem[] }

export async function sendScenario<T>(method: 'POST' | 'PUT', path: string, scenario: ScenarioInput): Promise<WhatIfAnswer<T>> {
  const what = `${method} ${path}`
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ scenario }),
    })
  } catch (err) {
    return { ok: false, error: `${what} failed: the server is unreachable (${errorText(err)})`, problems: [] }
  }
  if (response.status === 401) reportUnauthorised(what)
  const body: unknown = await response.json().catch(() => null)
  if (response.ok && body !== null) return { ok: true, data: body as T }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const error = typeof record.error === 'string' ? record.error : response.statusText || 'no explanation from the server'
  const problems = Array.isArray(record.problems) ? (record.problems as ScenarioProblem[]) : []
  return { ok: false, error: `${what} failed with ${response.status}: ${error}`, problems }
}
