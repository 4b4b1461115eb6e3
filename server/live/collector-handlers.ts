// Socket side of collectors: the `runCollector` command (operator role) and
// the `collectors` push. Health changes arrive in bursts (every tick of every
// collector), so the push is throttled to one list per interval, trailing,
// so the last change is always delivered.
import type { Server } from 'socket.io'
import type { CollectorHealth } from '../../collectors/health.ts'
import type { RunCollectorAck } from '../http/api-types/collectors.ts'
import { runCollectorNow, type CollectorsDeps } from '../http/collectors.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { registerCommand } from './commands.ts'
import { emitInTurns } from './packed-emit.ts'

export interface CollectorHandlerDeps extends CollectorsDeps {
  onHealth: (listener: (health: CollectorHealth) => void) => () => void
  /** Minimum gap between `collectors` pushes; default 1000 ms. */
  pushIntervalMs?: number
}

export function registerCollectorHandlers(io: Server, deps: CollectorHandlerDeps, tokens: TokenRegistry): () => void {
  const interval = deps.pushIntervalMs ?? 1000
  let timer: NodeJS.Timeout | null = null
  let lastPush = 0
  const push = (): void => {
    timer = null
    lastPush = Date.now()
    // This server's collectors, to its own sockets, a group per turn (to 1 000 at once: 30+ ms).
    void emitInTurns(io, null, 'collectors', deps.health())
  }
  const unsubscribe = deps.onHealth(() => {
    if (timer) return
    timer = setTimeout(push, Math.max(0, lastPush + interval - Date.now()))
  })

  io.on('connection', (socket) => {
    socket.emit('collectors', deps.health())
  })
  registerCommand(io, tokens, { name: 'runCollector', access: 'operator', handle: (payload) => handleRun(deps, payload) })

  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}

async function handleRun(deps: CollectorsDeps, payload: unknown): Promise<RunCollectorAck> {
  const id = typeof payload === 'object' && payload !== null && 'id' in payload ? payload.id : undefined
  if (typeof id !== 'string' || id === '') return { ok: false, error: 'runCollector needs { id: "<collector id>" }.' }
  try {
    return { ok: true, data: await runCollectorNow(deps, id) }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}
