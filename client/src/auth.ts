// The access token. Wall screens get a read-only display token in the URL
// (?token=...); we read it once, keep it for the tab's session and take it
// out of the address bar so it does not end up in screenshots or bookmarks
// shared with people who should not have it.
import { ref } from 'vue'

const storageKey = 'headroom-token'

let token: string | null = null

/** Reads ?token= from the URL (once per page load) and remembers it for the session. */
export function initToken(location: Location = window.location): void {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    token = fromUrl
    safeSession((s) => s.setItem(storageKey, fromUrl))
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return
  }
  token = safeSession((s) => s.getItem(storageKey)) ?? null
}

export function getToken(): string | null {
  return token
}

/** Headers for every API request: the bearer token when we have one. */
export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/**
 * Set when the server refused us (HTTP 401 or a socket auth error). The app
 * shows one clear explanation instead of half-empty pages.
 */
export const authProblem = ref<string | null>(null)

export function reportUnauthorised(what: string): void {
  authProblem.value = token
    ? `The server rejected the access token (${what}). Ask for a new link, or open this page with ?token=YOUR_TOKEN.`
    : `This dashboard needs an access token (${what} was refused without one). Open it with ?token=YOUR_TOKEN in the address.`
}

// Private browsing modes can throw on storage access; the token then lives
// only in memory for this page load, which is still usable.
function safeSession<T>(use: (s: Storage) => T): T | null {
  try {
    return use(window.sessionStorage)
  } catch {
    return null
  }
}
