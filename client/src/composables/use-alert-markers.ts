// When alerts fired and resolved on one application, for markers on its
// charts: the audit trail (GET /api/alerts/history?app=) read once and again
// whenever the live alert counts change, grouped by metric.
import { computed, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import type { HistoryResponse } from '../../../server/http/api-types/alerts.ts'
import { useAlerts } from './use-alerts.ts'
import { useApi } from './use-api.ts'

export interface AlertMarker {
  /** ms since the epoch. */
  at: number
  kind: 'firing' | 'resolved'
  alertname: string
}

export interface UseAlertMarkersReturn {
  /** Markers by metric id, oldest first. */
  byMetric: ComputedRef<ReadonlyMap<string, AlertMarker[]>>
  error: Ref<string | null>
}

function labelsOf(detail: unknown): Record<string, unknown> {
  if (typeof detail !== 'object' || detail === null || !('labels' in detail)) return {}
  const labels: unknown = detail.labels
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>) : {}
}

export function useAlertMarkers(app: MaybeRefOrGetter<string>): UseAlertMarkersReturn {
  const history = useApi<HistoryResponse>(
    () => `/api/alerts/history?kind=alert&limit=1000&app=${encodeURIComponent(toValue(app))}`,
  )
  const alerts = useAlerts()
  // A new firing or resolution changes the counts; that is when the trail has something new.
  watch(
    () => {
      const s = alerts.summary.value
      return s ? `${s.firing}/${s.pending}/${s.resolved}` : ''
    },
    () => void history.execute(),
  )
  const byMetric = computed(() => {
    const out = new Map<string, AlertMarker[]>()
    for (const e of history.data.value?.entries ?? []) {
      if (e.action !== 'firing' && e.action !== 'resolved') continue
      const metric = labelsOf(e.detail).metric
      const alertname = labelsOf(e.detail).alertname
      if (typeof metric !== 'string') continue
      const list = out.get(metric) ?? []
      list.push({ at: Date.parse(e.at), kind: e.action, alertname: typeof alertname === 'string' ? alertname : '' })
      out.set(metric, list)
    }
    for (const list of out.values()) list.sort((a, b) => a.at - b.at)
    return out
  })
  return { byMetric, error: history.error }
}
