// POST for commands (run a collector, run a scenario) when the socket is
// down: same token, same error sentences as fetchJson, so a 403 reads
// "POST /api/collectors/sim/run failed with 403: ... needs the operator role".
import { ApiError, errorText } from './api-client.ts'
import { authHeaders, reportUnauthorised } from './auth.ts'

export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const what = `POST ${path.split('?')[0]}`
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
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
    throw new ApiError(`${what} failed with ${response.status}: ${sentence}`, response.status)
  }
  if (parsed === null) throw new ApiError(`${what} returned something that is not JSON`, response.status)
  return parsed as T
}

/** Narrows a socket ack to its one shape, `{ ok: true, data } | { ok: false, error }`. */
export function ackData<T>(name: string, ack: unknown): T {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack))
    throw new Error(`${name}: the server answered with an unreadable ack`)
  if (ack.ok === true && 'data' in ack) return ack.data as T
  if ('error' in ack && typeof ack.error === 'string') throw new Error(`${name}: ${ack.error}`)
  throw new Error(`${name}: the server refused without saying why`)
}
