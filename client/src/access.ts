// What this browser may change. The server is the authority (every mutating
// route checks the role and answers 403 with a sentence); this only decides
// whether to offer a button at all, from GET /api/me.
import { computed, ref, type ComputedRef } from 'vue'
import type { Me } from './api-types.ts'
import { fetchJson } from './api-client.ts'

export const me = ref<Me | null>(null)

/** Asks the server once who we are; until it answers, controls stay disabled. */
export async function loadMe(): Promise<void> {
  try {
    me.value = await fetchJson<Me>('/api/me')
  } catch {
    me.value = null
  }
}

export const canOperate: ComputedRef<boolean> = computed(
  () => me.value !== null && !me.value.display && (me.value.role === 'operator' || me.value.role === 'admin'),
)

/** Tooltip for a disabled operator control. */
export const operatorOnlyHint: ComputedRef<string> = computed(() =>
  me.value?.display
    ? 'Needs an operator token; this screen uses a read-only display token.'
    : `Needs the operator role; you are signed in as ${me.value?.name ?? 'nobody'} (${me.value?.role ?? 'no role'}).`,
)
