// After VueUse's createSharedComposable: every caller gets the same state,
// created on first use and torn down when the last caller's scope ends.
// useLive() needs this so the app holds exactly one socket however many
// components show live data.
import { effectScope, getCurrentScope, onScopeDispose, type EffectScope } from 'vue'

export function createSharedComposable<T>(composable: () => T): () => T {
  let subscribers = 0
  let state: T | undefined
  let scope: EffectScope | undefined

  const release = (): void => {
    subscribers -= 1
    if (scope && subscribers <= 0) {
      scope.stop()
      state = undefined
      scope = undefined
    }
  }

  return () => {
    subscribers += 1
    if (!scope) {
      scope = effectScope(true)
      state = scope.run(composable)
    }
    if (getCurrentScope()) onScopeDispose(release)
    return state as T
  }
}
