// Cycles through `count` views on a timer, for the wall display. Space
// pauses and resumes, arrows step by hand (and restart the countdown so a
// view you just chose is not swapped out a second later). `cycle` changes
// on every move so an indicator can restart its countdown animation.
import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'

export interface UseRotationOptions {
  /** How many views there are; may change as data arrives. */
  count: MaybeRefOrGetter<number>
  /** Time per view in ms. Default 15 000. */
  intervalMs?: number
  /** Listen to Space / ArrowLeft / ArrowRight on the window. Default true. */
  keyboard?: boolean
}

export interface UseRotationReturn {
  index: Ref<number>
  paused: Ref<boolean>
  /** Increments on every change of view or pause state. */
  cycle: Ref<number>
  next: () => void
  previous: () => void
  togglePause: () => void
  /** Shows view `index` now and gives it a full interval (the wall jumping to its exceptions). */
  goTo: (index: number) => void
}

export function useRotation(options: UseRotationOptions): UseRotationReturn {
  const { intervalMs = 15_000, keyboard = true } = options
  const index = ref(0)
  const paused = ref(false)
  const cycle = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  const size = (): number => Math.max(1, toValue(options.count))

  function restart(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
    cycle.value += 1
    if (!paused.value) timer = setInterval(() => move(1, false), intervalMs)
  }

  function move(step: number, byHand: boolean): void {
    index.value = (index.value + step + size()) % size()
    if (byHand) restart()
    else cycle.value += 1
  }

  const next = (): void => move(1, true)
  const previous = (): void => move(-1, true)
  const goTo = (target: number): void => {
    index.value = Math.min(Math.max(0, target), size() - 1)
    restart()
  }
  const togglePause = (): void => {
    paused.value = !paused.value
    restart()
  }

  // Views come and go with the data (no upgrades yet, no collectors API):
  // keep the index in range instead of showing nothing.
  watch(
    () => toValue(options.count),
    () => {
      if (index.value >= size()) index.value = 0
    },
  )

  function onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    const target = event.target
    // Space on a focused button must still press the button.
    if (target instanceof HTMLElement && target.closest('button, a, input, select, textarea')) return
    if (event.key === ' ' || event.key === 'Spacebar') togglePause()
    else if (event.key === 'ArrowRight') next()
    else if (event.key === 'ArrowLeft') previous()
    else return
    event.preventDefault()
  }

  if (keyboard) window.addEventListener('keydown', onKey)
  restart()

  onScopeDispose(() => {
    if (timer !== null) clearInterval(timer)
    if (keyboard) window.removeEventListener('keydown', onKey)
  })

  return { index, paused, cycle, next, previous, togglePause, goTo }
}
