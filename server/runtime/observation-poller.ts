// When this server collects nothing itself (`serve --no-collect`, separate
// `headroom collect` processes, or several dashboard servers on one
// InfluxDB), the live state still needs new samples: every few seconds ask
// the store for the latest value of each series written since the last poll
// (Store.latest(since), one query) and feed them to the observation cache.
// A sample between two polls that is neither the latest nor the poll's own
// still reaches history and forecasts; only the 24 h peak may miss a spike
// shorter than the poll interval.
import type { Logger } from '../log.ts'
import type { Store } from '../store/types.ts'
import type { ObservationCache } from './observations.ts'

export interface ObservationPoller {
  stop(): void
}

export function startObservationPoller(store: Store, cache: ObservationCache, log: Logger, everyMs = 5000): ObservationPoller {
  // Overlap the windows a little: a point written just before the previous poll answered is still caught.
  let since = new Date(Date.now() - 10 * 60_000)
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    busy = true
    const asked = new Date()
    store
      .latest(since)
      .then((values) => {
        if (values.length > 0)
          cache.add(values.map(({ app, metric, tags, value, at }) => ({ app, metric, value, at, ...(tags ? { tags } : {}) })))
        since = new Date(asked.getTime() - 2 * everyMs)
      })
      .catch((err: unknown) => log.warn({ err }, 'polling the store for new samples failed; trying again'))
      .finally(() => {
        busy = false
      })
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
