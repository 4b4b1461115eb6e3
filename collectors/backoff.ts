// After failures a collector waits before trying again, doubling each time
// up to a ceiling, so a dead target is not hammered every tick. "Equal
// jitter" (half fixed, half random) keeps many collectors that failed
// together (one network blip) from retrying in lock-step.

export interface BackoffPolicy {
  /** Wait after the first failure, before jitter. */
  baseMs: number
  /** Ceiling on the wait, before jitter. */
  maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 }

/**
 * Milliseconds to wait after `failures` consecutive failures (1 = first).
 * `random` returns [0, 1); the wait lies in [cap/2, cap).
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, random: () => number): number {
  if (failures <= 0) return 0
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30))
  return cap / 2 + (cap / 2) * random()
}
