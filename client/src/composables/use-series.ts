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
  // Whole hours: the server answers from its hourly rollup (max kept), at most 2 000 points.
  '90d': { label: '90 days', spanMs: 90 * 24 * 3_600_000, stepMs: 2 * 3_600_000 },
  '1y': { label: '1 year', spanMs: 365 * 24 * 3_600_000, stepMs: 6 * 3_600_000 },
} as const

/** A dragged window on the time axis (ms since the epoch). */
export interface ZoomWindow {
  fromMs: number
  toMs: number
}

/** Points asked for inside a zoomed window: about one per pixel of a chart card. */
export const ZOOM_POINTS = 800

export type RangeKey = keyof typeof ranges

export interface UseSeriesOptions {
  app: MaybeRefOrGetter<string>
  metric: MaybeRefOrGetter<string>
  /** Default '7d'. */
  range?: MaybeRefOrGetter<RangeKey>
  /** A zoomed window; when set it replaces the range (the server picks the step). */
  window?: MaybeRefOrGetter<ZoomWindow | null>
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

/** A zoomed window at about ZOOM_POINTS buckets; the server rounds the step and widens the window to whole steps. */
export function zoomUrl(app: string, metric: string, window: ZoomWindow): string {
  const params = new URLSearchParams({
    app,
    metric,
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    points: String(ZOOM_POINTS),
  })
  return `/api/series?${params.toString()}`
}

export function useSeries(options: UseSeriesOptions): UseApiReturn<SeriesResponse> {
  const { minRefreshMs = 30_000, refreshMs = 120_000 } = options
  const api = useApi<SeriesResponse>(
    () => {
      const zoomed = toValue(options.window ?? null)
      return zoomed
        ? zoomUrl(toValue(options.app), toValue(options.metric), zoomed)
        : seriesUrl(toValue(options.app), toValue(options.metric), toValue(options.range ?? '7d'), Date.now())
    },
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
