// One JSON POST with a deadline. Credentials in the URL become a Basic
// header (fetch refuses URLs with user:pass@), and every message names the
// target by scheme, host and port only, so a token in a webhook URL never
// reaches a log line or an API response.

export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw)
    return `${url.protocol}//${url.host}${url.pathname !== '/' || url.search ? '/…' : ''}`
  } catch {
    return '(invalid URL)'
  }
}

export async function postJson(raw: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const url = new URL(raw)
  const auth: Record<string, string> = {}
  if (url.username || url.password) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    auth.authorization = `Basic ${Buffer.from(user).toString('base64')}`
    url.username = ''
    url.password = ''
  }
  const where = redactUrl(raw)
  const controller = new AbortController()
  // A plain timer (not AbortSignal.timeout) so fake timers in tests drive it too.
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Headroom', ...auth, ...headers },
      signal: controller.signal,
    })
    // Drain the body so the connection can be reused; the text is only kept for errors.
    const text = await res.text()
    if (!res.ok) throw new Error(`${where} answered HTTP ${res.status}: ${text.slice(0, 200).replace(/\s+/g, ' ')}`)
  } catch (err) {
    if (controller.signal.aborted) throw new Error(`${where} did not answer within ${Math.round(timeoutMs / 1000)} s`)
    if (err instanceof Error && err.message.startsWith(where)) throw err
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null
    throw new Error(`${where} unreachable: ${cause ?? (err instanceof Error ? err.message : String(err))}`)
  } finally {
    clearTimeout(timer)
  }
}
