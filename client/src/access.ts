// What this browser may change. The server is the authority (every mutating
// route checks the role and answers 403 with a sentence); this only decides
// whether to offer a button at all. The client takes tokens from ?token= only,
// and the server honours URL tokens only for read-only display tokens, so a
// token here means "display". No token and no auth problem means the server
// runs without tokens (loopback, local admin).
import { computed, type ComputedRef } from 'vue'
import { authProblem, getToken } from './auth.ts'

export const canOperate: ComputedRef<boolean> = computed(() => authProblem.value === null && getToken() === null)

/** Tooltip for a disabled operator control. */
export const operatorOnlyHint = 'Needs an operator token; this screen uses a read-only display token.'
