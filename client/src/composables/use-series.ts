// History of one metric for a chart. The window always ends "now", so the
// URL is rebuilt at each fetch; it re-fetches when a snapshot arrives (new
// data exists) but at most every `minRefreshMs`, plus a slow timer for when
// the socket is down.
import { toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { SeriesResponse } from '../api-types.ts'
import { useApi, type UseApiReturn } from './use-api.ts'
import { useLive } from './use-live.ts'

export const ranges = {
  '24h': { label: '24 h', spanMs: 24 * 3_600_000, stepMs: 5 * 60_000 },
  '7d': { label: '7 days', spanMs: 7 * 24 * 3_600_000, stepMs: 3_600_000 },
  '30d': { label: '30 days', spanMs: 30 * 24 * 3_600_000, stepMs: 4 * 3_600_000 },
} as const

export type RangeKey = keyof typeof ranges

export interface UseSeriesOptions {
  app: MaybeRefOrGetter<string>
  metric: MaybeRefOrGetter<string>
  /** Default '7d'. */
  range?: MaybeRefOrGetter<RangeKey>
  /** Least time between snapshot-triggered refreshes. Default 30 s. */
  minRefreshMs?: number
  /** Fallback refresh when no snapshots arrive. Default 120 s. */
  refreshMs?: number
}

export function seriesUrl(app: string, metric: string, range: RangeKey, nowMs: number): string {
  const { spanMs, stepMs } = ranges[range]
  // Align `to` to the step so consecutive fetches ask for the same buckets.
  const to = Math.ceil(nowMs / stepMs) * stepMs
  const params = new URLSearchParams({
    app,
    metric,
    from: new Date(to - spanMs).toISOString(),
    to: new Date(to).toISOString(),
    step: String(stepMs),
  })
  return `/api/series?${params.toString()}`
}

export function useSeries(options: UseSeriesOptions): UseApiReturn<SeriesResponse> {
  const { minRefreshMs = 30_000, refreshMs = 120_000 } = options
  const api = useApi<SeriesResponse>(
    () => seriesUrl(toValue(options.app), toValue(options.metric), toValue(options.range ?? '7d'), Date.now()),
    { refreshMs },
  )
  const { snapshot } = useLive()
  watch(snapshot, () => {
    const last = api.fetchedAt.value
    if (api.isLoading.value || (last !== null && Date.now() - last < minRefreshMs)) return
    void api.execute()
  })
  return api
}
