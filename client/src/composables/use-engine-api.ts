// An engine endpoint (/api/upgrades, /api/chains, /api/feedback...) kept in
// step with the live snapshot: the engine recomputes on each refresh, so a
// new engine result in the snapshot means the endpoint has new figures.
import { watch, type MaybeRefOrGetter } from 'vue'
import { useApi, type UseApiReturn } from './use-api.ts'
import { useLive } from './use-live.ts'

export interface UseEngineApiOptions {
  /** Least time between snapshot-triggered refreshes (ms). Default 10 000. */
  minRefreshMs?: number
}

export function useEngineApi<T>(url: MaybeRefOrGetter<string | null>, options: UseEngineApiOptions = {}): UseApiReturn<T> {
  const { minRefreshMs = 10_000 } = options
  const api = useApi<T>(url)
  const { snapshot } = useLive()
  watch(
    () => snapshot.value?.engine?.generatedAt,
    (stamp, before) => {
      if (!stamp || stamp === before) return
      const last = api.fetchedAt.value
      if (api.isLoading.value || (last !== null && Date.now() - last < minRefreshMs)) return
      void api.execute()
    },
  )
  return api
}
