// Fetches one API resource and keeps it reactive. After VueUse's useFetch:
// an options object, `{ data, error, isLoading, execute }` back, and cleanup
// (abort, timers) when the calling scope ends. On a failed refresh the last
// good data stays on screen next to the error: never a blank panel.
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { errorText, fetchJson } from '../api-client.ts'

export interface UseApiOptions {
  /** Fetch as soon as the URL is known, and again when it changes. Default true. */
  immediate?: boolean
  /** Re-fetch this often (ms) while the scope lives. Default 0: never. */
  refreshMs?: number
}

export interface UseApiReturn<T> {
  data: ShallowRef<T | null>
  error: Ref<string | null>
  isLoading: Ref<boolean>
  /** Time of the last successful fetch (ms since epoch), for throttling. */
  fetchedAt: Ref<number | null>
  execute: () => Promise<void>
}

/** `url` may be null while its inputs are unknown; nothing is fetched then. */
export function useApi<T>(url: MaybeRefOrGetter<string | null>, options: UseApiOptions = {}): UseApiReturn<T> {
  const { immediate = true, refreshMs = 0 } = options
  const data = shallowRef<T | null>(null)
  const error = ref<string | null>(null)
  const isLoading = ref(false)
  const fetchedAt = ref<number | null>(null)
  let controller: AbortController | null = null

  async function execute(): Promise<void> {
    const path = toValue(url)
    if (path === null) return
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    isLoading.value = true
    try {
      data.value = await fetchJson<T>(path, mine.signal)
      error.value = null
      fetchedAt.value = Date.now()
    } catch (err) {
      if (mine.signal.aborted) return
      error.value = errorText(err)
    } finally {
      if (controller === mine) isLoading.value = false
    }
  }

  if (immediate)
    watch(
      () => toValue(url),
      () => void execute(),
      { immediate: true },
    )

  const timer = refreshMs > 0 ? setInterval(() => void execute(), refreshMs) : null

  onScopeDispose(() => {
    controller?.abort()
    if (timer !== null) clearInterval(timer)
  })

  return { data, error, isLoading, fetchedAt, execute }
}
