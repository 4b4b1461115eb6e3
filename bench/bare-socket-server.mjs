// The raw baseline for bench/scale.ts: a bare socket.io server that sends
// whatever payload its parent hands it (over IPC) to every connected socket,
// stamped with sentAt, as the dashboard's rooms do. Plain JS: nothing of
// Headroom's runs here. argv[2]: the per-message deflate threshold in bytes
// (0 = off).
import { createServer } from 'node:http'
import { Server } from 'socket.io'

const threshold = Number(process.argv[2] ?? 0)
const http = createServer()
const io = new Server(http, { serveClient: false, perMessageDeflate: threshold > 0 ? { threshold } : false })
http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
})
process.on('message', (msg) => {
  if (msg === 'stop') {
    io.close()
    process.exit(0)
  }
  io.emit('tiles', { ...msg, sentAt: Date.now() })
})
