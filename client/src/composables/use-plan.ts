// The upgrade pipeline: GET /api/plan once, then the socket's `upgradePlan`
// push replaces it whenever a move is stored or the engine's flags change.
// `move()` sends `moveUpgrade` over the socket (operator role, checked by the
// server), falling back to POST /api/plan/:id/:action when the socket is down.
import { shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { MoveUpgradeBody, PlanResponse, PlanRow, UpgradeAction } from '../../../server/http/api-types/plan.ts'
import { ackData, postJson } from '../api-post.ts'
import { useApi } from './use-api.ts'
import { useLive } from './use-live.ts'

export interface UsePlanReturn {
  data: ShallowRef<PlanResponse | null>
  error: Ref<string | null>
  isLoading: Ref<boolean>
  /** Resolves with the moved row; rejects with the server's sentence. */
  move: (id: string, action: UpgradeAction, body: MoveUpgradeBody) => Promise<PlanRow>
  refresh: () => Promise<void>
}

function isPlan(value: unknown): value is PlanResponse {
  return typeof value === 'object' && value !== null && 'rows' in value && Array.isArray(value.rows) && 'counts' in value
}

export function usePlan(): UsePlanReturn {
  const api = useApi<PlanResponse>('/api/plan', { refreshMs: 60_000 })
  const live = useLive()
  const data = shallowRef<PlanResponse | null>(null)
  watch(api.data, (fetched) => {
    if (fetched) data.value = fetched
  })
  live.listen('upgradePlan', (payload) => {
    if (isPlan(payload)) data.value = payload
  })

  async function move(id: string, action: UpgradeAction, body: MoveUpgradeBody): Promise<PlanRow> {
    const row = live.connected.value
      ? ackData<PlanRow>('moveUpgrade', await live.command('moveUpgrade', { id, action, ...body }))
      : await postJson<PlanRow>(`/api/plan/${encodeURIComponent(id)}/${action}`, body)
    // The push follows; meanwhile show the answer. The push can also arrive first (with the engine's
    // delivery flag already in it): a row the push has already brought to this move is not overwritten.
    const current = data.value
    if (current) {
      const shown = current.rows.find((r) => r.id === row.id)
      const pushedAlready = shown !== undefined && shown.state === row.state && shown.updatedAt === row.updatedAt
      if (!pushedAlready) data.value = { ...current, rows: current.rows.map((r) => (r.id === row.id ? row : r)) }
    }
    return row
  }

  return { data, error: api.error, isLoading: api.isLoading, move, refresh: api.execute }
}
