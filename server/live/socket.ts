// socket.io server: the same tokens as HTTP. Browsers send { auth: { token } };
// a display token may also arrive as ?token= on the page URL and is passed
// through auth by the client, so both are accepted here.
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from '../log.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { redactingParser } from './redacting-parser.ts'

export function createSocketServer(http: HttpServer, tokens: TokenRegistry, log: Logger): Server {
  const io = new Server(http, {
    serveClient: false,
    parser: redactingParser,
    // Small cap on inbound messages: commands are tiny JSON objects.
    maxHttpBufferSize: 64 * 1024,
  })
  io.use((socket, next) => {
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
    next()
  })
  io.on('connection', (socket) => log.debug({ id: socket.id }, 'socket connected'))
  return io
}
