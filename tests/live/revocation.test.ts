// Token changes take effect on open sockets: a token removed from server.yaml
// (hot reload) cuts its socket, a changed role applies to the next command.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { createLogger } from '../../server/log.ts'
import { hashToken } from '../../server/security/tokens.ts'
import { readSettings } from '../../server/settings.ts'

const example = join(import.meta.dirname, '..', '..', 'config')
const ADMIN = 'revocation-admin-token'
const ALICE = 'revocation-alice-token'
const BOB = 'revocation-bob-token'

function serverYaml(entries: { name: string; role: string; token: string }[]): string {
  return `auth:\n  tokens:\n${entries.map((e) => `    - { name: ${e.name}, role: ${e.role}, sha256: ${hashToken(e.token)} }`).join('\n')}\n`
}

async function connected(url: string, token: string): Promise<ClientSocket> {
  const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  return socket
}

describe('token revocation on open sockets', () => {
  let server: RunningServer
  let dataDir: string
  let configDir: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'headroom-revoke-data-'))
    configDir = await mkdtemp(join(tmpdir(), 'headroom-revoke-config-'))
    await cp(example, configDir, { recursive: true })
    await writeFile(
      join(configDir, 'server.yaml'),
      serverYaml([
        { name: 'admin', role: 'admin', token: ADMIN },
        { name: 'alice', role: 'operator', token: ALICE },
        { name: 'bob', role: 'operator', token: BOB },
      ]),
    )
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_CONFIG_DIR: configDir,
      HEADROOM_BACKFILL_DAYS: '0',
    })
    server = await startServer(settings, createLogger('silent'))
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
    await rm(configDir, { recursive: true, force: true })
  })

  it('cuts the socket of a token removed from server.yaml within 1 s, and applies a changed role to the next command', async () => {
    const alice = await connected(server.url, ALICE)
    const bob = await connected(server.url, BOB)
    const before = (await bob.timeout(10_000).emitWithAck('runCollector', { id: 'no-such-id' })) as { ok: boolean; error: string }
    expect(before.error).toMatch(/No collector "no-such-id"/)

    const revoked = new Promise<{ at: number; payload: unknown }>((resolve) => {
      let payload: unknown = null
      alice.on('authRevoked', (p: unknown) => (payload = p))
      alice.on('disconnect', () => resolve({ at: performance.now(), payload }))
    })
    const written = performance.now()
    // alice is gone, bob is demoted to viewer.
    await writeFile(
      join(configDir, 'server.yaml'),
      serverYaml([
        { name: 'admin', role: 'admin', token: ADMIN },
        { name: 'bob', role: 'viewer', token: BOB },
      ]),
    )
    const cut = await revoked
    const ms = cut.at - written
    console.log(`[issue 11] revoked socket cut ${Math.round(ms)} ms after server.yaml was written`)
    expect(ms).toBeLessThan(1000)
    expect(cut.payload).toEqual({ error: 'Your token was revoked or changed; sign in again.' })

    const after = (await bob.timeout(10_000).emitWithAck('runCollector', { id: 'no-such-id' })) as { ok: boolean; error: string }
    expect(after).toEqual({ ok: false, error: 'runCollector needs the operator role; your token is "bob" with role viewer.' })
    expect(bob.connected).toBe(true)
    const http = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${ALICE}` } })
    expect(http.status).toBe(401)
    bob.close()
  })
})
