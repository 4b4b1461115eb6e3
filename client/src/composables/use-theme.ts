// Dark and light themes via CSS variables on <html data-theme>. The user's
// choice is remembered; until they choose, the OS preference decides.
import { ref, type Ref } from 'vue'

export type Theme = 'dark' | 'light'

const storageKey = 'headroom-theme'
const theme = ref<Theme>('dark')

function stored(): Theme | null {
  try {
    const value = window.localStorage.getItem(storageKey)
    return value === 'dark' || value === 'light' ? value : null
  } catch {
    return null
  }
}

function apply(next: Theme): void {
  theme.value = next
  document.documentElement.dataset.theme = next
}

/** Called once before mounting, so the first paint already has the right colours. */
export function initTheme(): void {
  const prefersLight = window.matchMedia?.('(prefers-color-scheme: light)').matches ?? false
  apply(stored() ?? (prefersLight ? 'light' : 'dark'))
}

export function useTheme(): { theme: Ref<Theme>; toggle: () => void } {
  const toggle = (): void => {
    const next: Theme = theme.value === 'dark' ? 'light' : 'dark'
    apply(next)
    try {
      window.localStorage.setItem(storageKey, next)
    } catch {
      // storage blocked: the choice lasts for this page load only
    }
  }
  return { theme, toggle }
}
