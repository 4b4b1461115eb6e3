// Socket helpers for bench/scale.ts: many socket.io clients in this process
// (websocket transport), the lag of each delta (arrival − the server's
// sentAt, same machine so the same clock), and the bare socket.io baseline
// in a child process. No run() export.
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { unpack } from '../tests/support/packed.ts'

/** One tiles delta as the clients saw it: the decoded payload, its size on the wire, each client's lag. */
export interface SeenDelta {
  payload: Record<string, unknown>
  wireBytes: number
  lags: number[]
}

export interface Clients {
  sockets: Socket[]
  /** Lags (ms) of every 'tiles' delta each client received since the last take. */
  takeLags(): number[]
  /** The last `n` deltas received (by their seq), oldest first: what the baseline resends, like for like. */
  recentDeltas(n: number): SeenDelta[]
  /** Every `upgradePlan` push the first client received since the last take: its JSON and its bytes on the wire. */
  takePlanPushes(): { jsonBytes: number; wireBytes: number }[]
  close(): void
}

export async function connectClients(url: string, count: number, watch: boolean): Promise<Clients> {
  const sockets: Socket[] = []
  let lags: number[] = []
  const seen = new Map<unknown, SeenDelta>()
  let planPushes: { jsonBytes: number; wireBytes: number }[] = []
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => {
      const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true })
      s.on('tiles', (data: unknown) => {
        // Decoded before the lag is taken: a value has reached a client when it can read it.
        const d = unpack<Record<string, unknown>>(data)
        if (typeof d.sentAt !== 'number') return
        const lag = Date.now() - d.sentAt
        lags.push(lag)
        const key = d.seq ?? d.sentAt
        let delta = seen.get(key)
        if (!delta) {
          const { sentAt: _sentAt, ...payload } = d
          const wireBytes = data instanceof Uint8Array ? data.length : Buffer.byteLength(JSON.stringify(d))
          delta = { payload, wireBytes, lags: [] }
          seen.set(key, delta)
        }
        delta.lags.push(lag)
      })
      // Every socket gets the plan; one counts it.
      if (sockets.length === 0)
        s.on('upgradePlan', (data: unknown) => {
          const jsonBytes = Buffer.byteLength(JSON.stringify(unpack<unknown>(data)))
          planPushes.push({ jsonBytes, wireBytes: data instanceof Uint8Array ? data.length : jsonBytes })
        })
      sockets.push(s)
      return new Promise<void>((resolve, reject) => {
        s.once('connect', () => {
          if (!watch) return resolve()
          s.timeout(180_000).emit('watch', { view: 'tiles' }, (err: unknown) =>
            err ? reject(new Error('watch timed out')) : resolve(),
          )
        })
        s.once('connect_error', reject)
      })
    })
    await Promise.all(batch)
  }
  return {
    sockets,
    takeLags() {
      const out = lags
      lags = []
      return out
    },
    recentDeltas: (n) => [...seen.values()].slice(-n),
    takePlanPushes() {
      const out = planPushes
      planPushes = []
      return out
    },
    close: () => sockets.forEach((s) => s.close()),
  }
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
}

/** The raw baseline: a bare socket.io server sends each payload once, in order, to `count` clients; their lags. */
export async function bareDelivery(payloads: readonly object[], count: number, deflateThreshold: number): Promise<number[]> {
  const child = fork(join(import.meta.dirname, 'bare-socket-server.mjs'), [String(deflateThreshold)], { stdio: 'inherit' })
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)))
  const clients = await connectClients(`http://127.0.0.1:${port}`, count, false)
  const lags: number[] = []
  for (const payload of payloads) {
    child.send(payload)
    const deadline = Date.now() + 30_000
    let got = 0
    while (got < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
      const l = clients.takeLags()
      lags.push(...l)
      got += l.length
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  clients.close()
  child.send('stop')
  return lags
}

/** GET `url` every `everyMs` for `windowMs` from a process of its own (bench/health-probe.mjs); the response times, ms. */
export function probeFromOwnProcess(url: string, windowMs: number, everyMs = 50): Promise<number[]> {
  const child = fork(join(import.meta.dirname, 'health-probe.mjs'), [url, String(windowMs), String(everyMs)], {
    stdio: 'inherit',
  })
  return new Promise((resolve, reject) => {
    child.once('message', (times: number[]) => resolve(times.map((t) => (t === null ? Number.POSITIVE_INFINITY : t))))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`health probe exited with ${code}`))))
  })
}
