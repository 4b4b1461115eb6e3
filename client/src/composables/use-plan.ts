// The upgrade pipeline: GET /api/plan once, then the socket's `upgradePlan`
// push brings what changed whenever a move is stored or the engine's flags
// change (plan-state.ts); a push that does not follow on from the plan held
// fetches it again.
// `move()` sends `moveUpgrade` over the socket (operator role, checked by the
// server), falling back to POST /api/plan/:id/:action when the socket is down.
import { shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { MoveUpgradeBody, PlanRow, PlanState, UpgradeAction } from '../../../server/http/api-types/plan.ts'
import { ackData, postJson } from '../api-post.ts'
import { useApi } from './use-api.ts'
import { useLive } from './use-live.ts'
import { applyPlanDelta, isPlanDelta, isPlanState } from './plan-state.ts'

export interface UsePlanReturn {
  data: ShallowRef<PlanState | null>
  error: Ref<string | null>
  isLoading: Ref<boolean>
  /** Resolves with the moved row; rejects with the server's sentence. */
  move: (id: string, action: UpgradeAction, body: MoveUpgradeBody) => Promise<PlanRow>
  refresh: () => Promise<void>
}

export function usePlan(): UsePlanReturn {
  const api = useApi<PlanState>('/api/plan', { refreshMs: 60_000 })
  const live = useLive()
  const data = shallowRef<PlanState | null>(null)
  // The newest version a push has announced: a fetch answered with an older one is fetched again.
  let newestPushed = 0
  watch(api.data, (fetched) => {
    if (!fetched) return
    // A fetch answered after a newer push would take the page back; the pushes carry on from the newer.
    if (!(data.value && data.value.seq > fetched.seq && fetched.seq !== 0)) data.value = fetched
    if (fetched.seq < newestPushed && data.value.seq < newestPushed) {
      newestPushed = 0 // once: a server whose versions went back (a clock set back) is not asked forever
      void api.execute()
    }
  })
  live.listen('upgradePlan', (payload) => {
    if (isPlanState(payload)) {
      data.value = payload
      return
    }
    if (!isPlanDelta(payload)) return
    newestPushed = Math.max(newestPushed, payload.seq)
    // Before the first fetch has answered there is nothing to apply to: that fetch brings it.
    if (!data.value) return
    const applied = applyPlanDelta(data.value, payload)
    if (applied === 'gap') void api.execute()
    else if (applied !== 'stale') data.value = applied
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
