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

export function createSocketServer(http: HttpServer, tokens: TokenRegistry, log: Logger): Server {
  const io = new Server(http, {
    serveClient: false,
    parser: redactingParser,
    // Small cap on inbound messages: commands are tiny JSON objects.
    maxHttpBufferSize: 64 * 1024,
    // No per-socket deflate: the big messages (the tiles room's full state and deltas) are gzipped
    // once for every socket (runtime/packed-json.ts). Deflating the same bytes once per socket cost
    // 143 s to hand a 504 kB state to 1 000 walls and 1.2 GB RSS (bench/scale measures both ways).
    perMessageDeflate: false,
  })
  io.use(authenticateSocket(tokens))
  watchRevocations(io, tokens, log)
  io.on('connection', (socket) => log.debug({ id: socket.id }, 'socket connected'))
  return io
}
