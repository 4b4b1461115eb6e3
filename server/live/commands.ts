// Socket commands with their access decision, checked when each command
// runs (not only at connect): the token is looked up again every time, so a
// token removed from server.yaml or a role changed by a reload applies to
// the very next command. The registry per server lets the role matrix test
// enumerate the commands and fail CI for a listener registered outside it.
//
//   registerCommand(io, tokens, { name: 'ackAlert', access: 'operator', handle: async (payload) => ... })
//
// `handle` returns the one ack shape { ok: true, data } | { ok: false, error }.
import type { Server, Socket } from 'socket.io'
import type { Ack } from '../http/api-types/collectors.ts'
import type { Access } from '../http/access.ts'
import { hasRole, type Principal, type TokenRegistry } from '../security/tokens.ts'
import { principalOfSocket } from './socket-auth.ts'

export interface SocketCommand {
  name: string
  access: Exclude<Access, 'public'>
  /** Required when a non-reading command is open to 'read' (display tokens). */
  why?: string
  handle(payload: unknown, context: { principal: Principal; socket: Socket }): Promise<Ack<unknown>> | Ack<unknown>
}

const registries = new WeakMap<Server, Map<string, SocketCommand>>()

/** Every command registered on this server, for the role matrix test. */
export function commandsOf(io: Server): SocketCommand[] {
  return [...(registries.get(io)?.values() ?? [])]
}

function describe(p: Principal): string {
  return p.display ? `the read-only display token "${p.name}"` : `"${p.name}" with role ${p.role}`
}

function allowed(principal: Principal, access: SocketCommand['access']): boolean {
  return access === 'read' ? true : hasRole(principal, access)
}

export function registerCommand(io: Server, tokens: TokenRegistry, command: SocketCommand): void {
  let registry = registries.get(io)
  if (!registry) {
    const commands = new Map<string, SocketCommand>()
    registries.set(io, (registry = commands))
    // One connection listener for every command (not one each: a dozen commands
    // would pass Node's listener warning and cost a closure per socket apiece).
    io.on('connection', (socket) => {
      for (const c of commands.values()) attach(socket, tokens, c)
    })
  }
  if (registry.has(command.name)) throw new Error(`socket command "${command.name}" is registered twice`)
  registry.set(command.name, command)
}

function attach(socket: Socket, tokens: TokenRegistry, command: SocketCommand): void {
  socket.on(command.name, (payload: unknown, ack: unknown) => {
    const reply = (answer: Ack<unknown>): void => {
      if (typeof ack === 'function') ack(answer)
    }
    const principal = principalOfSocket(socket, tokens)
    if (!principal) {
      reply({ ok: false, error: `${command.name}: your token is no longer valid; sign in again.` })
      socket.disconnect(true)
      return
    }
    if (!allowed(principal, command.access)) {
      reply({ ok: false, error: `${command.name} needs the ${command.access} role; your token is ${describe(principal)}.` })
      return
    }
    Promise.resolve()
      .then(() => command.handle(payload, { principal, socket }))
      .then(reply, (err: unknown) =>
        reply({ ok: false, error: `${command.name} failed: ${err instanceof Error ? err.message : String(err)}` }),
      )
  })
}
