// One HTTP request to one target, with the per-request timeout layered on top
// of the collector run's signal. Every failure becomes a TargetError whose
// message starts with the target (`[url=http://…] timed out after 5s`) and
// never contains a secret: URLs are redacted and headers are not echoed.
import { authorizationHeader, SecretError, type AuthConfig } from './http-auth.ts'
import { redactText, redactUrl, registerUrlSecrets } from '../../server/security/redact.ts'
import { formatDurationMs } from './durations.ts'

export interface TargetRequest {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  auth?: AuthConfig
  timeoutMs: number
  /** The collector run's signal (ctx.signal): aborted on run timeout or shutdown. */
  signal: AbortSignal
  /** Extra words after the URL in error messages, e.g. `query="up"`. */
  detail?: string
  /** URL to show in errors when `url` carries the query itself (InfluxQL GETs). */
  displayUrl?: string
  /** Largest body accepted; default 16 MiB. */
  maxBytes?: number
}

export interface TargetResponse {
  status: number
  statusText: string
  contentType: string
  text: string
}

/** A failure of one target; the message is safe to log and to show in the UI. */
export class TargetError extends Error {
  override name = 'TargetError'
}

export { redactUrl }

/** `[url=http://host/path query="up"]` — the prefix every error of this target carries. */
export function targetLabel(url: string, detail?: string): string {
  return `[url=${redactUrl(url)}${detail ? ` ${detail}` : ''}]`
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed by peer',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : ''
  const known = networkCodes[code]
  if (known) return `${known} (${code})`
  // Library text may quote the URL it was given (fetch does): never pass it on unredacted.
  if (cause instanceof Error) return redactText(cause.message)
  return redactText(String(cause))
}

/**
 * fetch() refuses URLs with user:password@ in them (and its error quotes the
 * URL). Credentials in a URL mean HTTP Basic auth, so they move to a header.
 */
function splitUserinfo(raw: string): { url: string; basic: string | null } {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { url: raw, basic: null }
  }
  if (!url.username && !url.password) return { url: raw, basic: null }
  registerUrlSecrets(raw)
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')
  url.username = ''
  url.password = ''
  return { url: url.toString(), basic: `Basic ${basic}` }
}

// A status page that suddenly streams a log file must not take the collector's memory with it.
const defaultMaxBytes = 16 * 1024 * 1024

class BodyTooLarge extends Error {}

async function readBody(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    await res.body?.cancel()
    throw new BodyTooLarge(`response of ${declared} bytes is larger than the ${maxBytes}-byte limit`)
  }
  if (!res.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body) {
    size += chunk.byteLength
    if (size > maxBytes) throw new BodyTooLarge(`response is larger than the ${maxBytes}-byte limit`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Sends the request and reads the whole body under one deadline (a server
 * that sends headers then stalls is as stuck as one that never answers).
 * Resolves for any HTTP status; status checks are the caller's policy.
 */
export async function requestTarget(req: TargetRequest): Promise<TargetResponse> {
  const label = targetLabel(req.displayUrl ?? req.url, req.detail)
  const timeout = AbortSignal.timeout(req.timeoutMs)
  const signal = AbortSignal.any([req.signal, timeout])
  const headers: Record<string, string> = { ...req.headers }
  const target = splitUserinfo(req.url)
  if (target.basic) headers['authorization'] = target.basic
  if (req.auth) {
    try {
      headers['authorization'] = authorizationHeader(req.auth)
    } catch (err) {
      if (err instanceof SecretError) throw new TargetError(`${label} ${redactText(err.message)}`)
      throw err
    }
  }
  try {
    const res = await fetch(target.url, { method: req.method ?? 'GET', headers, body: req.body, signal, redirect: 'follow' })
    const text = await readBody(res, req.maxBytes ?? defaultMaxBytes)
    return { status: res.status, statusText: res.statusText, contentType: res.headers.get('content-type') ?? '', text }
  } catch (err) {
    if (err instanceof BodyTooLarge) throw new TargetError(`${label} ${redactText(err.message)}`)
    if (req.signal.aborted) throw new TargetError(`${label} aborted: the collector run was cancelled (run timeout or shutdown)`)
    if (timeout.aborted) throw new TargetError(`${label} timed out after ${formatDurationMs(req.timeoutMs)}`)
    throw new TargetError(`${label} ${describeNetworkError(err)}`)
  }
}

/** A short, single-line excerpt of a body for error messages (an HTML login page, a proxy error). */
export function excerpt(text: string, max = 80): string {
  const flat = redactText(text.replace(/\s+/g, ' ').trim())
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** Any thrown value as an Error for acc.addError, keeping TargetError messages intact. */
export function asError(err: unknown, label: string): Error {
  if (err instanceof TargetError) return err
  return new Error(`${label} ${redactText(err instanceof Error ? err.message : String(err))}`)
}

/**
 * `base` with `path` appended to its path, keeping its query string after it:
 * `http://h/prefix?api_key=K` + `/api/v1/query` is `http://h/prefix/api/v1/query?api_key=K`,
 * not a query value that swallowed the path.
 */
export function joinUrlPath(base: string, path: string): string {
  const cut = base.search(/[?#]/)
  const head = cut < 0 ? base : base.slice(0, cut)
  const tail = cut < 0 ? '' : base.slice(cut)
  return `${head.replace(/\/+$/, '')}${path}${tail}`
}
