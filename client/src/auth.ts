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

/**
 * Sign in with a token typed by a person (operators and admins: their tokens
 * are never put in a URL). Kept for this tab's session only; the page reloads
 * so every request and the socket use it.
 */
export function signIn(newToken: string): void {
  safeSession((s) => s.setItem(storageKey, newToken.trim()))
  window.location.reload()
}

export function signOut(): void {
  safeSession((s) => s.removeItem(storageKey))
  window.location.reload()
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
    ? `The server rejected the access token (${what}). Sign in again below, or ask for a new wall link.`
    : `This dashboard needs an access token (${what} was refused without one). Sign in below; wall screens open with ?token=DISPLAY_TOKEN in the address.`
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
