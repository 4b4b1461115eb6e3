// Collectors and their health: GET /api/collectors once, then the socket's
// `collectors` push replaces each collector's health in place. `run()` asks
// the server to run one now over the socket (`runCollector`), falling back
// to POST when the socket is down.
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type {
  CollectorHealth,
  CollectorInfo,
  CollectorsResponse,
  RunCollectorCommand,
} from '../../../server/http/api-types/collectors.ts'
import { errorText } from '../api-client.ts'
import { ackData, postJson } from '../api-post.ts'
import { useApi } from './use-api.ts'
import { useLive } from './use-live.ts'

export interface UseCollectorsOptions {
  /** Re-fetch the list this often in case pushes are missed (ms). Default 60 000. */
  refreshMs?: number
}

export interface UseCollectorsReturn {
  data: ComputedRef<CollectorInfo[] | null>
  /** False when this server leaves collection to separate `headroom collect` processes. */
  collecting: ComputedRef<boolean>
  error: Ref<string | null>
  isLoading: Ref<boolean>
  /** Ids with a run requested from this page and not yet answered. */
  running: ShallowRef<ReadonlySet<string>>
  /** Last run result per id, in words, for the row's status cell. */
  runMessages: Ref<Record<string, string>>
  run: (id: string) => Promise<void>
}

function isHealth(value: unknown): value is CollectorHealth {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value && typeof value.id === 'string'
}

export function useCollectors(options: UseCollectorsOptions = {}): UseCollectorsReturn {
  const { refreshMs = 60_000 } = options
  const api = useApi<CollectorsResponse>('/api/collectors', { refreshMs })
  const live = useLive()
  // Health by id from pushes and run answers; newer than the fetched list.
  const pushed = ref<Record<string, CollectorHealth>>({})
  const running = shallowRef<ReadonlySet<string>>(new Set())
  const runMessages = ref<Record<string, string>>({})

  const remember = (health: CollectorHealth): void => {
    pushed.value = { ...pushed.value, [health.id]: health }
  }

  live.listen('collectors', (payload) => {
    if (!Array.isArray(payload)) return
    const next = { ...pushed.value }
    for (const item of payload) if (isHealth(item)) next[item.id] = item
    pushed.value = next
  })

  // A fresh fetch is newer than older pushes.
  const data = computed<CollectorInfo[] | null>(() => {
    const list = api.data.value?.collectors
    if (!list) return null
    return list.map((c) => {
      const health = pushed.value[c.id]
      return health && isNewer(health, c.health) ? { ...c, health } : c
    })
  })

  async function run(id: string): Promise<void> {
    running.value = new Set([...running.value, id])
    runMessages.value = { ...runMessages.value, [id]: 'running…' }
    try {
      const health = live.connected.value
        ? ackData<CollectorHealth>('runCollector', await live.command('runCollector', { id } satisfies RunCollectorCommand))
        : await postJson<CollectorHealth>(`/api/collectors/${encodeURIComponent(id)}/run`)
      remember(health)
      runMessages.value = { ...runMessages.value, [id]: health.state === 'ok' ? 'run finished' : `run ended ${health.state}` }
    } catch (err) {
      runMessages.value = { ...runMessages.value, [id]: errorText(err) }
    } finally {
      const rest = new Set(running.value)
      rest.delete(id)
      running.value = rest
    }
  }

  return {
    data,
    collecting: computed(() => api.data.value?.collecting ?? true),
    error: api.error,
    isLoading: api.isLoading,
    running,
    runMessages,
    run,
  }
}

/** Pushes and fetches can cross; the record with the later run wins. */
function isNewer(a: CollectorHealth, b: CollectorHealth): boolean {
  return (a.lastRunAt ?? '') >= (b.lastRunAt ?? '')
}
