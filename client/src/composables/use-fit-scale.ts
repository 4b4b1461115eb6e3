// The wall is laid out for a 1920×1080 screen. On any other size it is
// scaled as a whole (CSS zoom), so a smaller or odd-shaped TV still shows
// every tile without scrolling, and a 4K screen gets bigger type.
import { onScopeDispose, ref, type Ref } from 'vue'

export interface UseFitScaleOptions {
  /** Design size. Default 1920×1080. */
  width?: number
  height?: number
  /** Largest scale (a 4K TV doubles). Default 2. */
  max?: number
}

export function useFitScale(options: UseFitScaleOptions = {}): { scale: Ref<number> } {
  const { width = 1920, height = 1080, max = 2 } = options
  const measure = (): number => Math.min(max, window.innerWidth / width, window.innerHeight / height)
  const scale = ref(measure())
  const onResize = (): void => {
    scale.value = measure()
  }
  window.addEventListener('resize', onResize)
  onScopeDispose(() => window.removeEventListener('resize', onResize))
  return { scale }
}
