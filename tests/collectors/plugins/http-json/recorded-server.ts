// A loopback HTTP server that replays recorded responses from fixtures/, plus
// the misbehaviours real APIs show: error statuses, HTML where JSON was
// promised, auth challenges and a request that never gets an answer.
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')

export interface RecordedServer {
  base: string
  /** Paths requested so far, in order, with the Authorization header seen. */
  requests: { path: string; authorization: string | undefined }[]
  /** Resolves when a request for `path` arrives (to abort a hang deterministically). */
  requested(path: string): Promise<void>
  close(): Promise<void>
}

type Route = (req: IncomingMessage, res: ServerResponse) => void

/** Answers with the next recorded reading on each request (the last one repeats): a counter that moves. */
function sequence(...names: string[]): Route {
  let next = 0
  return (req, res) => {
    const name = names[Math.min(next, names.length - 1)] ?? ''
    next += 1
    json(200, fixture(name))(req, res)
  }
}

function json(status: number, body: string): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(body)
  }
}

export async function startRecordedServer(credentials: { basic: string; bearer: string }): Promise<RecordedServer> {
  const basic = `Basic ${Buffer.from(credentials.basic).toString('base64')}`
  const routes: Record<string, Route> = {
    '/actuator/health': json(200, fixture('actuator-health.json')),
    '/actuator/metrics/tomcat.sessions.active.current': json(200, fixture('actuator-metric-sessions.json')),
    // Three polls of a Spring Boot request counter, 15 s apart; the third after the app restarted.
    '/actuator/metrics/http.server.requests': sequence(
      'actuator-metric-requests-1.json',
      'actuator-metric-requests-2.json',
      'actuator-metric-requests-3.json',
    ),
    '/renamed/actuator/metrics/tomcat.sessions.active.current': json(200, fixture('actuator-metric-renamed.json')),
    '/api/queues/%2Fdmm': (req, res) => {
      if (req.headers.authorization !== basic) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="RabbitMQ Management"', 'content-type': 'application/json' })
        res.end('{"error":"not_authorised","reason":"Login failed"}')
        return
      }
      json(200, fixture('rabbitmq-queues.json'))(req, res)
    },
    '/_cluster/health': (req, res) => {
      if (req.headers.authorization !== `Bearer ${credentials.bearer}`) {
        json(401, '{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}')(req, res)
        return
      }
      json(200, fixture('elasticsearch-cluster-health.json'))(req, res)
    },
    '/maintenance': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '120' })
      res.end('Service Unavailable: SM2M stats API is in a maintenance window')
    },
    '/behind-proxy': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(fixture('proxy-login-page.html'))
    },
    '/truncated': json(200, fixture('actuator-metric-sessions.json').slice(0, 60)),
    // Never answers: the client must give up through its own signal.
    '/hang': () => undefined,
  }

  const requests: RecordedServer['requests'] = []
  const waiters = new Map<string, (() => void)[]>()
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    requests.push({ path, authorization: req.headers.authorization })
    for (const wake of waiters.get(path) ?? []) wake()
    waiters.delete(path)
    const route = routes[path]
    if (route) route(req, res)
    else json(404, '{"error":"not found"}')(req, res)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('recorded server has no TCP address')

  return {
    base: `http://127.0.0.1:${address.port}`,
    requests,
    requested(path) {
      if (requests.some((r) => r.path === path)) return Promise.resolve()
      return new Promise((resolve) => waiters.set(path, [...(waiters.get(path) ?? []), resolve]))
    },
    async close() {
      // The /hang sockets would keep close() waiting forever.
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
