// Applies the store's retention on a timer: once shortly after start (after
// backfill has had its chance to write) and then every hour. A failure is
// logged and tried again next time; collection never waits for it.
import type { Logger } from '../log.ts'
import type { Store } from '../store/types.ts'

export interface RetentionService {
  /** Run now; resolves with what was dropped (null when the store keeps everything). */
  runOnce(): Promise<void>
  stop(): Promise<void>
}

export function startRetention(
  store: Store,
  log: Logger,
  opts: { firstDelayMs?: number; intervalMs?: number; now?: () => Date } = {},
): RetentionService {
  const { firstDelayMs = 60_000, intervalMs = 3_600_000, now = () => new Date() } = opts
  let running: Promise<void> = Promise.resolve()
  const runOnce = (): Promise<void> => {
    if (!store.prune) return Promise.resolve()
    const prune = store.prune.bind(store)
    running = running.then(async () => {
      try {
        const r = await prune(now())
        if (r.points + r.hourly + r.daily > 0)
          log.info(
            r,
            `retention: dropped ${r.points} raw points before ${r.rawBefore.slice(0, 10)}, ${r.hourly} hourly and ${r.daily} daily rollup rows`,
          )
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'retention run failed; trying again in an hour')
      }
    })
    return running
  }
  const first = setTimeout(() => void runOnce(), firstDelayMs)
  const timer = setInterval(() => void runOnce(), intervalMs)
  first.unref()
  timer.unref()
  return {
    runOnce,
    async stop() {
      clearTimeout(first)
      clearInterval(timer)
      await running
    },
  }
}
