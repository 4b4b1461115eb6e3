// socket.io server: the same tokens as HTTP. Browsers send { auth: { token } };
// a display token may also arrive as ?token= on the page URL and is passed
// through auth by the client, so both are accepted here. Token changes cut
// or update open sockets (socket-auth.ts); pushes are redacted on the wire.
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from '../log.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { redactingParser } from './redacting-parser.ts'
import { authenticateSocket, watchRevocations } from './socket-auth.ts'

/** Bytes above which a websocket message is deflated. */
export const SOCKET_DEFLATE_THRESHOLD = 8 * 1024

export function createSocketServer(http: HttpServer, tokens: TokenRegistry, log: Logger): Server {
  const io = new Server(http, {
    serveClient: false,
    parser: redactingParser,
    // Small cap on inbound messages: commands are tiny JSON objects.
    maxHttpBufferSize: 64 * 1024,
    // Deflate only messages worth it (a full tiles state, a big delta): small deltas go as they are,
    // so the CPU of compressing per socket is spent where it saves bytes (bench/scale measures both).
    perMessageDeflate: { threshold: SOCKET_DEFLATE_THRESHOLD },
  })
  io.use(authenticateSocket(tokens))
  watchRevocations(io, tokens, log)
  io.on('connection', (socket) => log.debug({ id: socket.id }, 'socket connected'))
  return io
}
