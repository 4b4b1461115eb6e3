// One fetch wrapper for the REST API: adds the token, turns non-2xx answers
// into an Error whose message names the request and carries the server's
// `{ error }` sentence, and reports 401 so the app can explain it once.
import { authHeaders, reportUnauthorised } from './auth.ts'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's JSON answer, when it sent one (a 400 may list every problem in it). */
    readonly body: unknown = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const what = `GET ${path.split('?')[0]}`
  let response: Response
  try {
    response = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() }, signal })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError(`${what} failed: the server is unreachable (${errorText(err)})`, 0)
  }
  if (response.status === 401) reportUnauthorised(what)
  if (!response.ok) {
    throw new ApiError(`${what} failed with ${response.status}: ${await serverSentence(response)}`, response.status)
  }
  try {
    return (await response.json()) as T
  } catch (err) {
    throw new ApiError(`${what} returned something that is not JSON (${errorText(err)})`, response.status)
  }
}

async function serverSentence(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json()
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
      return body.error
    }
  } catch {
    // not JSON: fall back to the status text below
  }
  return response.statusText || 'no explanation from the server'
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
