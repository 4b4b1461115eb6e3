// POST, PUT and DELETE with a JSON body: the same token and error sentences
// as fetchJson, for commands when the socket is down (alerts, plan moves,
// collector and scenario runs) and for the what-if editor. A 403 reads
// "DELETE /api/alerts/silences/x failed with 403: ... needs the operator role";
// the refusing answer stays on the ApiError for callers that list its problems.
import { ApiError, errorText } from './api-client.ts'
import { authHeaders, reportUnauthorised } from './auth.ts'

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const what = `${method} ${path.split('?')[0]}`
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...authHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (err) {
    throw new ApiError(`${what} failed: the server is unreachable (${errorText(err)})`, 0)
  }
  if (response.status === 401) reportUnauthorised(what)
  const parsed: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const sentence =
      typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'string'
        ? parsed.error
        : response.statusText || 'no explanation from the server'
    throw new ApiError(`${what} failed with ${response.status}: ${sentence}`, response.status, parsed)
  }
  if (parsed === null) throw new ApiError(`${what} returned something that is not JSON`, response.status)
  return parsed as T
}
