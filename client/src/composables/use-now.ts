// A clock that ticks, for "updated 3 s ago". Separate from the data so
// the text ages between pushes without re-rendering the tiles' numbers.
import { onScopeDispose, ref, type Ref } from 'vue'

export interface UseNowOptions {
  /** Tick interval in ms. Default 1000. */
  intervalMs?: number
}

export function useNow(options: UseNowOptions = {}): Ref<Date> {
  const { intervalMs = 1000 } = options
  const now = ref(new Date())
  const timer = setInterval(() => {
    now.value = new Date()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
