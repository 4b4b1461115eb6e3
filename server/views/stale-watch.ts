// Which series are stale, worked out in the background once a second, a
// slice at a time, so GET /api/health answers from the last result instead
// of walking every metric on the request path: at 10 000 metrics that walk
// (a date parsed per metric) was a 15–50 ms request once a second, the
// whole of the endpoint's p99. A series goes stale after several of its own
// intervals (tens of seconds at least), so a reason up to two seconds old
// says the same. Before the first background result, or if the background
// falls behind, the request works it out itself (memoStaleReasons).
import { memoStaleReasons, staleReasonsSteps, type StaleInput } from './health.ts'
import type { HealthReason } from './health-types.ts'
import { runSliced } from '../turns.ts'

/** How old a background result may be and still answer. */
const FRESH_MS = 2000

export interface StaleWatch {
  /** The stale series' reason at `now` (ms since epoch). */
  reasons(now: number): HealthReason[]
  /** One background walk now; resolves when it is done. */
  refresh(): Promise<void>
  start(intervalMs: number): void
  stop(): void
}

export function createStaleWatch(opts: {
  /** The live state's sequence number: what `metrics` would give. */
  version: () => number
  metrics: () => Iterable<StaleInput>
  now?: () => number
}): StaleWatch {
  const now = opts.now ?? Date.now
  const fallback = memoStaleReasons()
  let last: { at: number; reasons: HealthReason[] } | null = null
  let running: Promise<void> | null = null
  let timer: NodeJS.Timeout | null = null

  function refresh(): Promise<void> {
    running ??= (async () => {
      const at = now()
      const reasons = await runSliced(staleReasonsSteps(opts.metrics(), at))
      last = { at, reasons }
    })().finally(() => {
      running = null
    })
    return running
  }

  return {
    reasons(at) {
      if (last && at >= last.at && at - last.at <= FRESH_MS) return last.reasons
      return fallback(opts.version(), opts.metrics, at)
    },
    refresh,
    start(intervalMs) {
      timer ??= setInterval(() => void refresh().catch(() => undefined), intervalMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
