// Who is on each socket, looked up again whenever it matters. At connect the
// token's SHA-256 digest is kept (never the token); every command and every
// token change re-identifies it, so removing a token from server.yaml cuts
// its open sockets at once (`authRevoked` push, then disconnect) and a
// changed role applies to the next command.
import { hashToken, type Principal, type TokenRegistry } from '../security/tokens.ts'
import type { Server, Socket } from 'socket.io'
import type { Logger } from '../log.ts'

function digestOf(socket: Socket): string | null {
  const d: unknown = socket.data.tokenDigest
  return typeof d === 'string' ? d : null
}

/** The socket's principal as of now, or null when its token is no longer valid. */
export function principalOfSocket(socket: Socket, tokens: TokenRegistry): Principal | null {
  return tokens.identifyDigest(digestOf(socket))
}

/** io.use() middleware: a valid token is needed to connect. */
export function authenticateSocket(tokens: TokenRegistry) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth
    const token =
      typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string' ? auth.token : null
    // Socket auth travels in the handshake body, not the URL, so any token kind is fine here.
    const principal = tokens.identify(token)
    if (!principal) {
      next(new Error('unauthorised: a valid token is needed (wall screens: open the page with ?token=<display token>)'))
      return
    }
    socket.data.principal = principal
    socket.data.tokenDigest = token ? hashToken(token) : null
    next()
  }
}

/** On every token change: cut sockets whose token is gone, update the role of the others. Returns the unsubscribe. */
export function watchRevocations(io: Server, tokens: TokenRegistry, log: Logger): () => void {
  return tokens.onChange(() => {
    for (const socket of io.of('/').sockets.values()) {
      const principal = principalOfSocket(socket, tokens)
      if (principal) {
        socket.data.principal = principal
        continue
      }
      log.info({ socket: socket.id }, 'token revoked: disconnecting its socket')
      socket.emit('authRevoked', { error: 'Your token was revoked or changed; sign in again.' })
      socket.disconnect(true)
    }
  })
}
