// Big pushes leave gzipped and packed once (packedSender, in call order),
// and a room's sockets get them a group per event-loop turn (emitInTurns):
// every socket of the room once, none outside it.
import { createServer } from 'node:http'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emitInTurns, packedSender } from '../../server/live/packed-emit.ts'
import { unpack } from '../support/packed.ts'

let server: Server
let url = ''
const clients: Socket[] = []

beforeAll(async () => {
  const http = createServer()
  server = new Server(http, { perMessageDeflate: false })
  server.on('connection', (s) => {
    if (s.handshake.auth.room === 'tiles') void s.join('tiles')
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const address = http.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  for (const c of clients) c.close()
  await server.close()
})

async function client(room: string | null): Promise<{ got: unknown[] }> {
  const s = connect(url, { transports: ['websocket'], auth: room ? { room } : {} })
  clients.push(s)
  const got: unknown[] = []
  s.on('push', (p: unknown) => got.push(unpack(p)))
  await new Promise<void>((resolve) => s.once('connect', () => resolve()))
  return { got }
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('packed pushes', () => {
  it('emitInTurns() reaches every socket of the room once, in groups, and none outside it', async () => {
    const inside = await Promise.all([client('tiles'), client('tiles'), client('tiles'), client('tiles'), client('tiles')])
    const outside = await client(null)
    await new Promise((r) => setTimeout(r, 50))
    await emitInTurns(server, 'tiles', 'push', { n: 1 }, 2)
    await until(() => inside.every((c) => c.got.length > 0))
    await new Promise((r) => setTimeout(r, 50))
    expect(inside.map((c) => c.got)).toEqual(inside.map(() => [{ n: 1 }]))
    expect(outside.got).toEqual([])
  })

  it('emitInTurns() with no room reaches every socket on the server once, in groups', async () => {
    const all = await Promise.all([client('tiles'), client(null), client(null)])
    await new Promise((r) => setTimeout(r, 50))
    await emitInTurns(server, null, 'push', { n: 2 }, 2)
    await until(() => all.every((c) => c.got.some((g) => (g as { n: number }).n === 2)))
    await new Promise((r) => setTimeout(r, 50))
    for (const c of all) expect(c.got.filter((g) => (g as { n: number }).n === 2)).toEqual([{ n: 2 }])
  })

  it('packedSender() sends gzipped JSON in call order, as serialised when called', async () => {
    const sent: Buffer[] = []
    const send = packedSender<{ n: number }>((payload) => void sent.push(payload as Buffer))
    const value = { n: 1 }
    send(value)
    value.n = 2
    send(value)
    await until(() => sent.length === 2)
    expect(sent.every((b) => b[0] === 0x1f && b[1] === 0x8b)).toBe(true)
    expect(sent.map((b) => unpack(b))).toEqual([{ n: 1 }, { n: 2 }])
  })
})
