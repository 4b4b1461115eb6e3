// Scale-out over Redis, opt-in (HEADROOM_REDIS_URL). Several dashboard
// servers behind a load balancer:
// - share socket pushes through the socket.io Redis adapter;
// - hold one engine lease between them: the leader runs the engine and the
//   live state's pushes and mirrors its state into Redis; the others answer
//   `watch` from that mirror and stand by (their live state keeps up from the
//   store, so a takeover continues the numbering without a gap);
// - with HEADROOM_FITS=queue, fit models on `headroom fit-worker` processes
//   through bullmq instead of this process's threads.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { createAdapter } from '@socket.io/redis-adapter'
import type { Redis } from 'ioredis'
import type { Server } from 'socket.io'
import type { Logger } from '../log.ts'
import type { EngineService } from '../runtime/engine-service.ts'
import type { FitExecutor } from '../runtime/fit-executor.ts'
import type { LiveState } from '../runtime/live-state.ts'
import { createQueueFitExecutor } from './fit-queue.ts'
import { startLease, type Lease } from './lease.ts'
import { createLiveMirror, type LiveMirror } from './live-mirror.ts'
import { connectRedis, redisPrefix, redisUrl } from './redis.ts'

export interface Cluster {
  id: string
  lease: Lease
  mirror(live: LiveState): LiveMirror
  /** Fit executor on the Redis queue when HEADROOM_FITS=queue; null keeps fits on this process's threads. */
  fitExecutor(): FitExecutor | null
  /** Adapter, mirror and takeover; call once the socket server and the core exist. */
  attach(io: Server, live: LiveState, engine: EngineService): void
  close(): Promise<void>
}

function leaseMs(): number {
  const raw = process.env.HEADROOM_LEASE_MS ?? '10000'
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1000) throw new Error(`HEADROOM_LEASE_MS: expected milliseconds >= 1000; got "${raw}"`)
  return n
}

export function openCluster(log: Logger): Cluster | null {
  const url = redisUrl()
  if (!url) return null
  const prefix = redisPrefix()
  const redis: Redis = connectRedis(url)
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'Redis connection problem; retrying'))
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  const lease = startLease(redis, `${prefix}:engine-leader`, id, leaseMs())
  const closers: (() => Promise<unknown>)[] = []
  let mirrorOf: LiveMirror | null = null
  lease.onChange((leader) => log.info({ id }, leader ? 'this server now holds the engine lease' : 'this server is a follower'))
  return {
    id,
    lease,
    mirror(live) {
      mirrorOf ??= createLiveMirror(redis, prefix, live)
      return mirrorOf
    },
    fitExecutor() {
      const mode = process.env.HEADROOM_FITS ?? 'threads'
      if (mode === 'threads') return null
      if (mode !== 'queue') throw new Error(`HEADROOM_FITS: expected "threads" or "queue"; got "${mode}"`)
      const parallelism = Number(process.env.HEADROOM_FIT_PARALLELISM ?? '4')
      const queue = createQueueFitExecutor(connectRedis(url, { blocking: true }), prefix, parallelism)
      log.info({ parallelism }, 'model fits go to `headroom fit-worker` processes through the Redis queue')
      return queue
    },
    attach(io, live, engine) {
      const pub = connectRedis(url)
      const sub = pub.duplicate()
      io.adapter(createAdapter(pub, sub, { key: `${prefix}#socket.io` }))
      closers.push(
        () => pub.quit(),
        () => sub.quit(),
      )
      const mirror = this.mirror(live)
      const stopDeltas = live.onDelta((delta) => {
        if (lease.isLeader())
          void mirror.publish(delta).catch((err: unknown) => log.warn({ err }, 'could not mirror the live state to Redis'))
      })
      closers.push(async () => stopDeltas())
      const takeOver = (): void =>
        void mirror
          .seqs()
          .then((seqs) => live.takeOver(seqs))
          .then(() => engine.refresh('took the engine lease'))
          .catch((err: unknown) => log.error({ err }, 'taking over the live state failed'))
      lease.onChange((leader) => {
        if (leader) takeOver()
      })
      if (lease.isLeader()) takeOver()
    },
    async close() {
      await lease.stop()
      for (const c of closers.splice(0)) await c().catch(() => undefined)
      await redis.quit().catch(() => undefined)
    },
  }
}
