// A local webhook receiver for alert tests: records every POST with its raw
// body and headers, and answers as told — accept (204), refuse (503) or hang
// (never answer, until released) — so tests can play a receiver that is up,
// down or stuck.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { freePort } from './services.ts'

export type ReceiverMode = 'accept' | 'refuse' | 'hang'

export interface ReceivedRequest {
  body: string
  headers: IncomingMessage['headers']
  /** What the receiver did with it. */
  answered: ReceiverMode
}

export interface WebhookReceiver {
  url: string
  requests: ReceivedRequest[]
  /** Bodies of the requests it accepted, parsed. */
  accepted(): unknown[]
  setMode(mode: ReceiverMode): void
  /** Requests currently hanging unanswered. */
  hanging(): number
  close(): Promise<void>
}

export async function startWebhookReceiver(path = '/hook'): Promise<WebhookReceiver> {
  const port = await freePort()
  let mode: ReceiverMode = 'accept'
  const requests: ReceivedRequest[] = []
  const held = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const answered = req.url === path ? mode : 'refuse'
      requests.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, answered })
      if (answered === 'hang') {
        held.add(res)
        res.on('close', () => held.delete(res))
        return
      }
      res.writeHead(answered === 'accept' ? 204 : 503).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    accepted: () => requests.filter((r) => r.answered === 'accept').map((r) => JSON.parse(r.body) as unknown),
    setMode(next) {
      mode = next
      if (next !== 'hang') {
        for (const res of held) res.writeHead(503).end()
        held.clear()
      }
    },
    hanging: () => held.size,
    async close() {
      for (const res of held) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
