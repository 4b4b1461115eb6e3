// One engine leader at a time: a lease in Redis with an expiry. The holder
// renews it every third of its life; anyone may take it once it has expired
// (a leader that died, hung or lost its network stops renewing). Renewal is
// a compare-and-extend script, so a leader that lost the lease never
// extends someone else's. Listeners hear every change of role.
import type { Redis } from 'ioredis'

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`

export interface Lease {
  readonly id: string
  isLeader(): boolean
  /** The current holder's id, or null. */
  holder(): Promise<string | null>
  onChange(listener: (leader: boolean) => void): () => void
  /** Gives the lease up (if held) and stops trying. */
  stop(): Promise<void>
}

export function startLease(redis: Redis, key: string, id: string, ttlMs: number): Lease {
  let leader = false
  let stopped = false
  const listeners = new Set<(leader: boolean) => void>()
  const set = (next: boolean): void => {
    if (next === leader) return
    leader = next
    for (const l of listeners) l(next)
  }
  async function beat(): Promise<void> {
    if (stopped) return
    try {
      if (leader) {
        set((await redis.eval(RENEW, 1, key, id, String(ttlMs))) === 1)
      } else {
        set((await redis.set(key, id, 'PX', ttlMs, 'NX')) === 'OK')
      }
    } catch {
      // Redis unreachable: a leader that cannot renew must assume it has lost the lease.
      set(false)
    }
  }
  void beat()
  const timer = setInterval(() => void beat(), Math.max(200, Math.floor(ttlMs / 3)))
  timer.unref()
  return {
    id,
    isLeader: () => leader,
    holder: () => redis.get(key),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      if (leader)
        await redis
          .eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, key, id)
          .catch(() => 0)
      set(false)
    },
  }
}
