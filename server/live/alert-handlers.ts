// Socket side of alerts: the `alerts` push (on connect, and on change at
// most once a second, trailing, so the last change always arrives) and the
// operator commands ackAlert { id, comment? }, unackAlert { id },
// createSilence { matchers, duration | endsAt, comment } and
// expireSilence { id }, each answered { ok: true, data } | { ok: false, error }.
// Viewers and display screens receive pushes and may not command.
import type { Server, Socket } from 'socket.io'
import { AlertActionError, type Actor } from '../alerts/evaluation/actions.ts'
import type { AlertService } from '../alerts/service.ts'
import type { AlertAckReply } from '../http/api-types/alerts.ts'
import { hasRole, type Principal } from '../security/tokens.ts'

export interface AlertHandlerOptions {
  /** Minimum gap between `alerts` pushes; default 1000 ms. */
  pushIntervalMs?: number
}

type Command = (payload: Record<string, unknown>, actor: Actor) => unknown

export function registerAlertHandlers(io: Server, alerts: AlertService, opts: AlertHandlerOptions = {}): () => void {
  const interval = opts.pushIntervalMs ?? 1000
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastPush = 0
  const push = () => {
    timer = null
    lastPush = Date.now()
    io.emit('alerts', alerts.state())
  }
  const unsubscribe = alerts.onChange(() => {
    if (timer) return
    timer = setTimeout(push, Math.max(0, lastPush + interval - Date.now()))
  })

  const id = (p: Record<string, unknown>, name: string): string => {
    if (typeof p.id !== 'string' || p.id === '') throw new AlertActionError(400, `${name} needs { id: "<alert or silence id>" }`)
    return p.id
  }
  const commands: Record<string, Command> = {
    ackAlert: (p, actor) => alerts.acknowledge(id(p, 'ackAlert'), actor, { comment: p.comment ?? '' }),
    unackAlert: (p, actor) => alerts.unacknowledge(id(p, 'unackAlert'), actor),
    createSilence: (p, actor) => alerts.createSilence(p, actor),
    expireSilence: (p, actor) => alerts.expireSilence(id(p, 'expireSilence'), actor),
  }

  io.on('connection', (socket) => {
    socket.emit('alerts', alerts.state())
    for (const [name, run] of Object.entries(commands)) {
      socket.on(name, (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (answer: AlertAckReply<unknown>) => void) : () => undefined
        reply(runCommand(socket, name, run, payload))
      })
    }
  })

  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}

function runCommand(socket: Socket, name: string, run: Command, payload: unknown): AlertAckReply<unknown> {
  const principal = principalOf(socket)
  if (!principal || !hasRole(principal, 'operator')) {
    const who = !principal
      ? 'missing'
      : principal.display
        ? `the read-only display token "${principal.name}"`
        : `"${principal.name}" with role ${principal.role}`
    return { ok: false, error: `${name} needs the operator role; your token is ${who}.` }
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, error: `${name} needs an object payload` }
  }
  try {
    return { ok: true, data: run(payload as Record<string, unknown>, { name: principal.name, role: principal.role }) }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

function principalOf(socket: Socket): Principal | null {
  const p: unknown = socket.data.principal
  if (typeof p !== 'object' || p === null || !('name' in p) || !('role' in p) || !('display' in p)) return null
  const { name, role, display } = p
  if (typeof name !== 'string' || typeof display !== 'boolean') return null
  if (role !== 'viewer' && role !== 'operator' && role !== 'admin') return null
  return { name, role, display }
}
