// Bearer tokens with roles. Only SHA-256 digests are kept (config holds
// digests; tokens from the environment are hashed as they are read), and
// comparison is constant-time.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Role, ServerFile } from '../config/server-schema.ts'
import type { Settings } from '../settings.ts'

export type { Role }

export interface Principal {
  name: string
  role: Role
  /** A display token: read-only, and the only kind accepted in a URL. */
  display: boolean
}

interface TokenEntry extends Principal {
  digest: Buffer
}

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function hasRole(principal: Principal, needed: Role): boolean {
  return !principal.display && rank[principal.role] >= rank[needed]
}

export class TokenRegistry {
  private entries: TokenEntry[] = []
  private readonly listeners = new Set<() => void>()

  constructor(
    server: ServerFile,
    private readonly envTokens: Settings['envTokens'],
  ) {
    this.update(server)
  }

  /** Config reload: a token removed from server.yaml stops working at once. */
  update(server: ServerFile): void {
    const envTokens = this.envTokens
    this.entries = [
      ...server.auth.tokens.map((t) => ({ name: t.name, role: t.role, display: false, digest: Buffer.from(t.sha256, 'hex') })),
      ...server.auth.displayTokens.map((t) => ({
        name: t.name,
        role: 'viewer' as const,
        display: true,
        digest: Buffer.from(t.sha256, 'hex'),
      })),
      ...envTokens.map((t) => ({
        name: `env:${t.role}`,
        role: t.role === 'display' ? ('viewer' as const) : t.role,
        display: t.role === 'display',
        digest: Buffer.from(hashToken(t.token), 'hex'),
      })),
    ]
    for (const listener of this.listeners) listener()
  }

  /** Called after every update(): open sockets re-check their token (see live/socket-auth.ts). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Who holds the token with this SHA-256 digest now (hex, as kept for an open
   * socket instead of the token itself), or null: a removed token is gone at once.
   */
  identifyDigest(digestHex: string | null): Principal | null {
    if (!this.enabled) return { name: 'local', role: 'admin', display: false }
    if (!digestHex) return null
    const digest = Buffer.from(digestHex, 'hex')
    for (const entry of this.entries) {
      if (entry.digest.length === digest.length && timingSafeEqual(entry.digest, digest)) {
        return { name: entry.name, role: entry.role, display: entry.display }
      }
    }
    return null
  }

  /** With no tokens configured, the server is open but bound to loopback (see app.ts). */
  get enabled(): boolean {
    return this.entries.length > 0
  }

  /**
   * Who holds this token. `fromUrl` tokens are only honoured for display
   * tokens: a URL ends up in browser history and proxy logs.
   */
  identify(token: string | null | undefined, fromUrl = false): Principal | null {
    if (!this.enabled) return { name: 'local', role: 'admin', display: false }
    if (!token) return null
    const digest = Buffer.from(hashToken(token), 'hex')
    for (const entry of this.entries) {
      if (entry.digest.length === digest.length && timingSafeEqual(entry.digest, digest)) {
        if (fromUrl && !entry.display) return null
        return { name: entry.name, role: entry.role, display: entry.display }
      }
    }
    return null
  }
}
