// Exponential backoff with jitter: when the store comes back, collectors on
// many schedules should not all retry in the same millisecond.

export interface BackoffOptions {
  baseMs: number
  maxMs: number
  random: () => number
}

/** Delay before retry number `attempt` (1-based): base·2^(attempt-1), capped, then scaled into [50 %, 100 %]. */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential * (0.5 + 0.5 * opts.random()))
}
