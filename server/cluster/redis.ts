// Redis for scale-out (opt-in: HEADROOM_REDIS_URL). One place that opens
// connections, so every user (socket.io adapter, the engine lease, the live
// state mirror, the fit queue) names the same server in its errors. A
// single process never needs it.
import { Redis } from 'ioredis'

/** Key prefix, so several Headroom installations can share one Redis (HEADROOM_REDIS_PREFIX). */
export function redisPrefix(): string {
  return process.env.HEADROOM_REDIS_PREFIX ?? 'headroom'
}

export function redisUrl(): string | null {
  const raw = process.env.HEADROOM_REDIS_URL
  if (!raw) return null
  try {
    const url = new URL(raw)
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('not redis:')
  } catch {
    throw new Error(`HEADROOM_REDIS_URL: expected redis://host:6379 (or rediss://); got "${raw}"`)
  }
  return raw
}

/** A connection; bullmq needs maxRetriesPerRequest: null on the ones it blocks on. */
export function connectRedis(url: string, opts: { blocking?: boolean } = {}): Redis {
  return new Redis(url, {
    lazyConnect: false,
    ...(opts.blocking ? { maxRetriesPerRequest: null } : {}),
  })
}
