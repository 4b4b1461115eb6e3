// Is the store answering? A background ping (every intervalMs, ~1 s budget)
// plus what the write pipeline sees keeps one verdict that /api/health, the
// read guard and the UI banner share. A stalled InfluxDB accepts the TCP
// connection and never answers, so "unreachable" means "no answer within
// the ping budget", not only "connection refused".
import type { Store } from './types.ts'

export interface StoreState {
  reachable: boolean
  /** When the current state began (ISO), or null before the first check. */
  since: string | null
  /** Why the last check failed, or null. */
  lastError: string | null
  checkedAt: string | null
}

export interface StoreMonitor {
  reachable(): boolean
  state(): StoreState
  /** Pings now (shared by concurrent callers); resolves to the new verdict. */
  check(): Promise<boolean>
  /** A store operation failed in a way that may mean an outage: check at once. */
  suspect(): void
  start(): void
  stop(): void
  /** Called with the new state whenever reachable flips. */
  onChange(listener: (state: StoreState) => void): () => void
}

export interface StoreMonitorOptions {
  store: Pick<Store, 'ping'>
  /** Default 5000. */
  intervalMs?: number
  /** Ping budget; default 900 so a read guard answers within 2 s. */
  timeoutMs?: number
}

export function createStoreMonitor(opts: StoreMonitorOptions): StoreMonitor {
  const intervalMs = opts.intervalMs ?? 5000
  const timeoutMs = opts.timeoutMs ?? 900
  let state: StoreState = { reachable: true, since: null, lastError: null, checkedAt: null }
  let running: Promise<boolean> | null = null
  let timer: NodeJS.Timeout | null = null
  const listeners = new Set<(state: StoreState) => void>()

  function record(reachable: boolean, error: string | null): void {
    const now = new Date().toISOString()
    const flipped = reachable !== state.reachable
    state = {
      reachable,
      since: flipped || state.since === null ? now : state.since,
      lastError: error,
      checkedAt: now,
    }
    if (flipped) for (const l of listeners) l(state)
  }

  function check(): Promise<boolean> {
    running ??= opts.store
      .ping(timeoutMs)
      .then(
        () => {
          record(true, null)
          return true
        },
        (err: unknown) => {
          record(false, err instanceof Error ? err.message : String(err))
          return false
        },
      )
      .finally(() => {
        running = null
      })
    return running
  }

  return {
    reachable: () => state.reachable,
    state: () => ({ ...state }),
    check,
    suspect: () => void check(),
    start() {
      if (timer) return
      void check()
      timer = setInterval(() => void check(), intervalMs)
      timer.unref?.()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
