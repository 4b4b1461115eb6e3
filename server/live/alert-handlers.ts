// Socket side of alerts: the `alerts` push (on connect, and on change at
// most once a second, trailing, so the last change always arrives) and the
// operator commands ackAlert { id, comment? }, unackAlert { id },
// createSilence { matchers, duration | endsAt, comment } and
// expireSilence { id }, each answered { ok: true, data } | { ok: false, error }.
// Viewers and display screens receive pushes and may not command
// (registerCommand checks the operator role on every command).
import type { Server } from 'socket.io'
import { AlertActionError, type Actor } from '../alerts/evaluation/actions.ts'
import type { AlertService } from '../alerts/service.ts'
import type { AlertAckReply } from '../http/api-types/alerts.ts'
import type { Principal, TokenRegistry } from '../security/tokens.ts'
import type { AlertsState } from '../alerts/evaluation/view.ts'
import { packedOnce, wireJson, wireJsonPieces } from '../runtime/packed-json.ts'
import { registerCommand } from './commands.ts'
import { emitInTurns, packedSender } from './packed-emit.ts'

export interface AlertHandlerOptions {
  /** Minimum gap between `alerts` pushes; default 1000 ms. */
  pushIntervalMs?: number
}

type Command = (payload: Record<string, unknown>, actor: Actor) => unknown

export function registerAlertHandlers(
  io: Server,
  alerts: AlertService,
  tokens: TokenRegistry,
  opts: AlertHandlerOptions = {},
): () => void {
  const interval = opts.pushIntervalMs ?? 1000
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastPush = 0
  // Each server evaluates its own alerts, so each pushes to its own sockets only (never through the
  // Redis adapter), a group per turn: to 1 000 sockets at once it held the loop 60–90 ms.
  const broadcast = packedSender<AlertsState>((payload) => emitInTurns(io, null, 'alerts', payload))
  const push = () => {
    timer = null
    lastPush = Date.now()
    const state = alerts.state()
    // In pieces, an alert at a time: at 10 000 metrics the state is thousands of alerts (2.6 MB of
    // JSON), and one stringify of it with the redacting replacer held the event loop 50–90 ms.
    broadcast(state, wireJsonPieces({ ...state }))
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

  // A new socket gets the state packed once for all sockets connecting while it holds.
  const packed = packedOnce<AlertsState>()
  io.on('connection', (socket) => {
    const state = alerts.state()
    void packed(state, () => wireJson(state))
      .catch(() => null)
      .then((bytes) => socket.compress(false).emit('alerts', bytes ?? state))
  })
  for (const [name, run] of Object.entries(commands)) {
    registerCommand(io, tokens, {
      name,
      access: 'operator',
      handle: (payload, { principal }) => runCommand(name, run, payload, principal),
    })
  }

  return () => {
    unsubscribe()
    if (timer) clearTimeout(timer)
  }
}

function runCommand(name: string, run: Command, payload: unknown, principal: Principal): AlertAckReply<unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, error: `${name} needs an object payload` }
  }
  try {
    return { ok: true, data: run(payload as Record<string, unknown>, { name: principal.name, role: principal.role }) }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}
