// Calls of the what-if editor. Unlike postJson these keep the server's
// `problems` list of a 400 (every field at fault, worded as the config
// loader words it), so the form can show each one.
import type { ScenarioInput, ScenarioProblem } from '../../server/views/responses.ts'
import { ApiError, errorText } from './api-client.ts'
import { sendJson } from './api-send.ts'

export type WhatIfAnswer<T> = { ok: true; data: T } | { ok: false; error: string; problems: ScenarioProblem[] }

function problemsOf(body: unknown): ScenarioProblem[] {
  if (typeof body !== 'object' || body === null || !('problems' in body) || !Array.isArray(body.problems)) return []
  return body.problems as ScenarioProblem[]
}

export async function sendScenario<T>(method: 'POST' | 'PUT', path: string, scenario: ScenarioInput): Promise<WhatIfAnswer<T>> {
  try {
    return { ok: true, data: await sendJson<T>(method, path, { scenario }) }
  } catch (err) {
    return { ok: false, error: errorText(err), problems: err instanceof ApiError ? problemsOf(err.body) : [] }
  }
}
