// Scale-out on loopback with real parts: redis-server, influxd, two Headroom
// server processes (`serve --no-collect`, HEADROOM_REDIS_URL) and samples
// written into InfluxDB as a collector would. A client on server B sees a
// change computed by server A (the engine leader); killing A hands the
// lease to B within 30 s and the client misses at most one update.
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDelta, AppFull } from '../../server/capacity/snapshot/live-view.ts'
import { createInfluxStore } from '../../server/store/influx.ts'
import type { Store } from '../../server/store/types.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { redisBinary, startRedis, type RunningRedis } from '../support/redis.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { waitFor } from '../support/services.ts'

const APP = 'sm2m'
const METRIC = 'messages-per-second'

interface Health {
  cluster: { id: string; role: 'leader' | 'follower' } | null
}

async function role(server: RunningServer): Promise<string | null> {
  const res = await fetch(`${server.url}/api/health`)
  return ((await res.json()) as Health).cluster?.role ?? null
}

/** A client watching one application, applying deltas the way the dashboard's useLive does. */
function watcher(url: string) {
  const seen: number[] = []
  let held = 0
  let gaps = 0
  const socket: Socket = io(url, { transports: ['websocket'] })
  const note = (metrics: AppFull['metrics']): void => {
    const m = metrics.find((x) => x.metric === METRIC)
    if (m?.value !== null && m?.value !== undefined) seen.push(m.value)
  }
  const watch = async (): Promise<void> => {
    const ack = (await socket.timeout(20_000).emitWithAck('watch', { view: 'app', id: APP })) as {
      ok: boolean
      data: ArrayBuffer
    }
    if (!ack.ok) throw new Error('watch refused')
    const full = JSON.parse(new TextDecoder().decode(ack.data)) as AppFull
    held = full.seq
    note(full.metrics)
  }
  socket.on('app', (d: AppDelta) => {
    if (d.app !== APP || d.seq <= held) return
    if (d.prev > held) gaps++
    held = d.seq
    note(d.metrics)
  })
  return { socket, watch, seen, gaps: () => gaps, close: () => socket.close() }
}

describe.skipIf(!redisBinary.path || !influxdBinary.path)('scale-out over Redis', () => {
  let redis: RunningRedis
  let influxd: RunningInfluxd
  let store: Store
  let a: RunningServer
  let b: RunningServer
  let writer: NodeJS.Timeout | null = null
  let written = 1000

  beforeAll(async () => {
    redis = await startRedis()
    influxd = await startInfluxd('scaleout')
    const influxUrl = `http://127.0.0.1:${influxd.port}/scaleout`
    store = createInfluxStore({ url: influxUrl })
    await store.init()
    const env = {
      HEADROOM_INFLUX_URL: influxUrl,
      HEADROOM_REDIS_URL: redis.url,
      HEADROOM_LEASE_MS: '3000',
      HEADROOM_COLLECT: 'off',
    }
    a = await startServer({ backfillDays: 0, env })
    await waitFor('server A to hold the engine lease', async () => (await role(a)) === 'leader', 30_000)
    b = await startServer({ backfillDays: 0, env })
    await waitFor('server B to follow', async () => (await role(b)) === 'follower', 30_000)
    // A collector's samples: a new value every second.
    writer = setInterval(() => {
      written++
      void store.write([{ app: APP, metric: METRIC, value: written, at: new Date() }]).catch(() => undefined)
    }, 1000)
  }, 180_000)

  afterAll(async () => {
    if (writer) clearInterval(writer)
    await a?.dispose()
    await b?.dispose()
    await store?.close()
    await influxd?.stop()
    await redis?.stop()
  })

  it('a client on server B sees a change computed by server A, and B takes the lease within 30 s when A dies without missing more than one update', async () => {
    const client = watcher(b.url)
    await waitFor('the client to connect to B', async () => client.socket.connected, 20_000)
    await client.watch()
    const before = written
    await waitFor(
      'a value written after the client watched to reach it through B',
      async () => client.seen.some((v) => v > before),
      30_000,
    )
    expect(await role(a)).toBe('leader')
    expect(await role(b)).toBe('follower')

    const killedAt = Date.now()
    await a.stop('SIGKILL')
    await waitFor('server B to take the engine lease', async () => (await role(b)) === 'leader', 30_000)
    const handover = Date.now() - killedAt
    console.log(`engine lease handed from A to B ${(handover / 1000).toFixed(1)} s after A was killed`)
    expect(handover).toBeLessThanOrEqual(30_000)

    const afterTakeover = written
    await waitFor(
      'a value written after the takeover to reach the client from B',
      async () => client.seen.some((v) => v > afterTakeover),
      30_000,
    )
    expect(client.gaps()).toBeLessThanOrEqual(1)
    client.close()
  }, 180_000)
})
