// The role matrix, read from the server itself: every route of the express
// app and every registered socket command is called with no token, a display
// token, and viewer, operator and admin tokens, and must answer as its access
// decision says. A route or command added without a decision fails here.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import type { Access } from '../../server/http/access.ts'
import { listRoutes, routesMissingDecision, type RouteEntry } from '../../server/http/route-table.ts'
import { commandsOf } from '../../server/live/commands.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'

const configDir = join(import.meta.dirname, '..', '..', 'config')
const tokens = {
  admin: 'matrix-admin-token',
  operator: 'matrix-operator-token',
  viewer: 'matrix-viewer-token',
  display: 'matrix-display-token',
}
type Caller = 'none' | keyof typeof tokens
const callers: Caller[] = ['none', 'display', 'viewer', 'operator', 'admin']
const rank: Record<Caller, number> = { none: -1, display: -1, viewer: 0, operator: 1, admin: 2 }

/** What a caller must get from a route or command with this decision: 'ok' = anything but 401/403. */
function expected(access: Access, caller: Caller): 401 | 403 | 'ok' {
  if (access === 'public') return 'ok'
  if (caller === 'none') return 401
  if (access === 'read') return 'ok'
  return rank[caller] >= rank[access] ? 'ok' : 403
}

/** A concrete URL for a route pattern: params get a value no collector/scenario has. */
function concrete(route: RouteEntry): string {
  if (route.path.includes('(regex')) return '/wall'
  return route.path.replace(/:[A-Za-z]+/g, 'no-such-id')
}

// Events socket.io itself emits on a server-side socket; anything else is a command.
const RESERVED_EVENTS = new Set(['disconnect', 'disconnecting', 'error'])

describe('role matrix', () => {
  let server: RunningServer
  let dataDir: string
  let routes: RouteEntry[]

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'headroom-matrix-'))
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_CONFIG_DIR: configDir,
      HEADROOM_BACKFILL_DAYS: '0',
      HEADROOM_COLLECT: 'off',
      HEADROOM_ADMIN_TOKEN: tokens.admin,
      HEADROOM_OPERATOR_TOKEN: tokens.operator,
      HEADROOM_VIEWER_TOKEN: tokens.viewer,
      HEADROOM_DISPLAY_TOKEN: tokens.display,
    })
    server = await startServer(settings, createLogger('silent'))
    routes = listRoutes(server.app)
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('listRoutes() finds every route of the app, each with an access decision', () => {
    expect(routes.length).toBeGreaterThanOrEqual(19)
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/collectors/:id/run', 'POST /api/imports', 'GET /api/series', 'GET /api/health']),
    )
    expect(routesMissingDecision(routes)).toEqual([])
  })

  it('routesMissingDecision() names a route without a decision and a POST that inherits one', () => {
    const found = routesMissingDecision([
      { method: 'GET', path: '/api/new', decision: null, decidedBy: null },
      { method: 'POST', path: '/api/new', decision: { access: 'read' }, decidedBy: 'mount' },
      { method: 'POST', path: '/api/other', decision: { access: 'read' }, decidedBy: 'route' },
    ])
    expect(found).toEqual([
      'GET /api/new: no access decision (add allowRead(), requireRole(...) or publicRoute(why))',
      "POST /api/new: a non-GET route needs its own decision, not its router's",
      'POST /api/other: lets readers change state? say why in the decision',
    ])
  })

  it('every route answers every caller as its decision says', async () => {
    const wrong: string[] = []
    for (const route of routes) {
      for (const caller of callers) {
        const headers: Record<string, string> = caller === 'none' ? {} : { authorization: `Bearer ${tokens[caller]}` }
        const res = await fetch(server.url + concrete(route), { method: route.method, headers })
        await res.arrayBuffer()
        const want = expected(route.decision?.access ?? 'admin', caller)
        const got = res.status
        // 503 is "the engine's first run is not done yet": allowed in, nothing to show yet.
        const ok = want === 'ok' ? got !== 401 && got !== 403 && (got < 500 || got === 503) : got === want
        if (!ok) wrong.push(`${route.method} ${route.path} as ${caller}: ${got}, expected ${want}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('every socket command answers every caller as its decision says, checked when it runs', async () => {
    const commands = commandsOf(server.io)
    expect(commands.map((c) => c.name).sort()).toEqual([
      'ackAlert',
      'createSilence',
      'expireSilence',
      'runCollector',
      'runScenario',
      'unackAlert',
      'unwatch',
      'watch',
    ])
    const wrong: string[] = []
    for (const caller of callers.filter((c): c is Exclude<Caller, 'none'> => c !== 'none')) {
      const client: ClientSocket = connect(server.url, {
        auth: { token: tokens[caller] },
        transports: ['websocket'],
        reconnection: false,
      })
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve)
        client.once('connect_error', reject)
      })
      for (const command of commands) {
        const ack = (await client.timeout(10_000).emitWithAck(command.name, { id: 'no-such-id' })) as {
          ok: boolean
          error?: string
        }
        const refused = ack.ok === false && /needs the \w+ role/.test(ack.error ?? '')
        const want = expected(command.access, caller)
        if ((want === 'ok') === refused)
          wrong.push(`${command.name} as ${caller}: ${JSON.stringify(ack).slice(0, 120)}, expected ${want}`)
      }
      client.close()
    }
    expect(wrong).toEqual([])
  })

  it('every listener on a connected socket is a registered command', async () => {
    const client = connect(server.url, { auth: { token: tokens.viewer }, transports: ['websocket'], reconnection: false })
    await new Promise<void>((resolve) => client.once('connect', () => resolve()))
    const socket = [...server.io.of('/').sockets.values()].find((s) => s.id === client.id)
    const names = new Set(commandsOf(server.io).map((c) => c.name))
    const stray = (socket?.eventNames() ?? []).map(String).filter((e) => !RESERVED_EVENTS.has(e) && !names.has(e))
    client.close()
    expect(socket).toBeDefined()
    expect(stray).toEqual([])
  })
})
