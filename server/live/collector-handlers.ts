// Socket side of collectors: the `runCollector` command (operator role) and
// the `collectors` push. Health changes arrive in bursts (every tick of every
// collector), so the push is throttled to one list per interval, trailing,
// so the last change is always delivered.
import type { Server, Socket } from 'socket.io'
import type { CollectorHealth } from '../../collectors/health.ts'
import type { Ack, RunCollectorAck } from '../http/api-types/collectors.ts'
import { runCollectorNow, type CollectorsDeps } from '../http/collectors.ts'
import { hasRole, type Principal } from '../security/tokens.ts'

export interface CollectorHandlerDeps extends CollectorsDeps {
  onHealth: (listener: (health: CollectorHealth) => void) => () => void
  /** Minimum gap between `collectors` pushes; default 1000 ms. */
  pushIntervalMs?: number
}

export function registerCollectorHandlers(io: Server, deps: CollectorHandlerDeps): () => void {
  const interval = deps.pushIntervalMs ?? 1000
  let timer: NodeJS.Timeout | null = null
  let lastPush = 0
  const push = (): void => {
    timer = null
    lastPush = Date.now()
    io.emit('collectors', deps.health())
  }
  const unsubscribe = deps.onHealth(() => {
    if (timer) return
    timer = setTimeout(push, Math.max(0, lastPush + interval - Date.now()))
  })

  io.on('connection', (socket) => {
    socket.emit('collectors', deps.health())
    socket.on('runCollector', (payload: unknown, ack: unknown) => {
      void handleRun(socket, deps, payload).then((result) => {
        if (typeof ack === 'function') ack(result)
      })
    })
  })

  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}

async function handleRun(socket: Socket, deps: CollectorsDeps, payload: unknown): Promise<RunCollectorAck> {
  const principal = principalOf(socket)
  if (!principal || !hasRole(principal, 'operator')) {
    return fail(`runCollector needs the operator role; your token is ${principal ? describe(principal) : 'missing'}.`)
  }
  const id = typeof payload === 'object' && payload !== null && 'id' in payload ? payload.id : undefined
  if (typeof id !== 'string' || id === '') return fail('runCollector needs { id: "<collector id>" }.')
  try {
    return { ok: true, data: await runCollectorNow(deps, id) }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err))
  }
}

function fail(error: string): Ack<never> {
  return { ok: false, error }
}

function principalOf(socket: Socket): Principal | null {
  const p: unknown = socket.data.principal
  if (typeof p !== 'object' || p === null) return null
  if (!('name' in p) || !('role' in p) || !('display' in p)) return null
  const { name, role, display } = p
  if (typeof name !== 'string' || typeof display !== 'boolean') return null
  if (role !== 'viewer' && role !== 'operator' && role !== 'admin') return null
  return { name, role, display }
}

function describe(p: Principal): string {
  return p.display ? `the read-only display token "${p.name}"` : `"${p.name}" with role ${p.role}`
}
