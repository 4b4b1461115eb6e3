// Secrets never leave the process: every log line, API response, socket push
// and error message passes through here. Two nets, because either alone
// misses something:
//  1. by shape: URL userinfo, query parameters and headers named like
//     key/token/secret/password/auth, "Bearer …"/"Basic …" values;
//  2. by value: every credential the process has read (collector URLs and
//     headers, env/file secrets, SNMP communities and keys, the InfluxDB URL,
//     the bearer tokens) is registered and replaced wherever it turns up,
//     even inside a message some library wrote (fetch's own error text
//     carries the URL it was given).
export const MASK = '***'

/** Names whose values are credentials: query parameters, headers, config keys. */
export const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[-_]?key|apikey|access[-_]?key|auth|credential|community|signature|\bsig\b|session|cookie|priv[-_]?key)/i

/** Object keys whose string values are always masked, in logs and responses. Exact names: "bottleneckKey" is not a secret. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'x-api-key',
  'access_token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'community',
  'authkey',
  'privkey',
])

const secretValues = new Set<string>()
let ordered: string[] = []

/** Remembers a credential so any later text containing it is masked. Values shorter than 4 characters are ignored (they would mask ordinary text). */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < 4 || secretValues.has(value)) return
  secretValues.add(value)
  const encoded = encodeURIComponent(value)
  if (encoded !== value) secretValues.add(encoded)
  ordered = [...secretValues].sort((a, b) => b.length - a.length)
}

/** The credentials of a URL (userinfo, secret-named query values) and the Basic header they make. */
export function registerUrlSecrets(raw: string): void {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return
  }
  if (url.password) {
    registerSecret(decodeURIComponent(url.password))
    registerSecret(url.password)
    const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')
    registerSecret(basic)
  }
  for (const [name, value] of url.searchParams) if (SECRET_NAME.test(name)) registerSecret(value)
}

/** A header value that is a credential, with its scheme word ("Bearer x") registered as the bare value too. */
export function registerHeaderSecret(value: string): void {
  registerSecret(value)
  const bare = /^\s*(bearer|basic|token|apikey)\s+(.+)$/i.exec(value)?.[2]
  registerSecret(bare)
}

const PLAIN = /^[A-Za-z0-9_.:+-]*$/
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\`]+/gi
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i
// Header values as they appear in dumps ("Authorization: Bearer abc…"). Capitalised, as
// headers are written, so prose like "basic auth password" is left alone.
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g
// name=value pairs outside URLs (form bodies, connection strings) and "name":"value" in JSON
// text. Not "name: value": config messages read "auth: set exactly one of …".
const NAMED_PAIR =
  /([A-Za-z0-9_.-]*(?:pass(?:word|wd)?|secret|token|api[-_]?key|apikey|credential|community)[A-Za-z0-9_.-]*)(=|"\s*:\s*)("?)([^&\s"',;}]+)/gi

/** The URL with its userinfo and secret-named query values masked; the rest (host, path) kept for diagnosis. */
export function redactUrl(raw: string): string {
  let out = raw.replace(USERINFO, `$1${MASK}@`)
  const q = out.indexOf('?')
  if (q >= 0) {
    const hash = out.indexOf('#', q)
    const end = hash >= 0 ? hash : out.length
    const query = out
      .slice(q + 1, end)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return pair
        let name = pair.slice(0, eq)
        try {
          name = decodeURIComponent(name)
        } catch {
          // keep the raw name
        }
        return SECRET_NAME.test(name) ? `${pair.slice(0, eq)}=${MASK}` : pair
      })
      .join('&')
    out = `${out.slice(0, q + 1)}${query}${out.slice(end)}`
  }
  return out
}

/** Masks every credential in free text (log messages, error messages from any library). */
export function redactText(text: string): string {
  let out = text
  for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(MASK)
  // Ids, names without spaces, numbers and timestamps (most strings of a push) cannot hold a URL (no
  // "/"), a header value (no space) or a name=value pair (no "=" or quote): skip the three regexes.
  if (PLAIN.test(out)) return out
  if (out.includes('://')) out = out.replace(URL_IN_TEXT, (url) => redactUrl(url))
  out = out.replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${MASK}`)
  return out.replace(NAMED_PAIR, (m, name: string, sep: string, quote: string, value: string) =>
    value === MASK || value.startsWith(MASK) ? m : `${name}${sep}${quote}${MASK}`,
  )
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * A copy of `value` with every string redacted and secret-named keys masked.
 * Unchanged branches are returned as they are (no copy), so clean data costs
 * a walk, not an allocation. Errors become plain { type, message, stack, code, cause }.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value)
  if (typeof value !== 'object' || value === null || depth > 12) return value
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactText(value.message) }
    if (value.stack) out.stack = redactText(value.stack)
    if ('code' in value) out.code = value.code
    if (value.cause !== undefined) out.cause = redactDeep(value.cause, depth + 1)
    return out
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    value.forEach((item, i) => {
      const next = redactDeep(item, depth + 1)
      if (next !== item) (copy ??= [...value])[i] = next
    })
    return copy ?? value
  }
  if (value instanceof Date || Buffer.isBuffer(value) || !isPlainObject(value)) return value
  let copy: Record<string, unknown> | null = null
  for (const [key, item] of Object.entries(value)) {
    const next = SECRET_KEYS.has(key.toLowerCase()) && typeof item === 'string' ? MASK : redactDeep(item, depth + 1)
    if (next !== item) (copy ??= { ...value })[key] = next
  }
  return copy ?? value
}

/** For express's 'json replacer': every string of every JSON response. */
export function jsonReplacer(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value
  if (key !== '' && SECRET_KEYS.has(key.toLowerCase())) return MASK
  return redactText(value)
}
