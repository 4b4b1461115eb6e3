// Runs an async job one at a time: a request made while a run is going is
// done once, right after it (several requests collapse into that one run).
// A failed run is logged and leaves the previous result in force.
import type { Logger } from '../log.ts'

export interface CoalescingRunner<T> {
  /** Run now, or right after the run in progress; resolves with that run's result. */
  request(why: string): Promise<T>
  /** Resolves when the run in progress (if any) has finished. */
  idle(): Promise<void>
}

export function createCoalescingRunner<T>(
  job: (why: string) => Promise<T>,
  onError: (err: unknown, why: string) => T,
): CoalescingRunner<T> {
  let running: Promise<T> | null = null
  let again: string | null = null
  function request(why: string): Promise<T> {
    if (running) {
      again = why
      return running.then(() => running ?? request(why))
    }
    running = job(why)
      .catch((err: unknown) => onError(err, why))
      .finally(() => {
        running = null
        if (again !== null) {
          const next = again
          again = null
          void request(next)
        }
      })
    return running
  }
  return {
    request,
    idle: async () => void (await running),
  }
}

/** The usual onError: log it and keep `fallback()` (the previous result). */
export function keepPrevious<T>(log: Logger, fallback: () => T, what: string): (err: unknown, why: string) => T {
  return (err, why) => {
    log.error({ err, why }, `${what} failed; the previous result stays in force`)
    return fallback()
  }
}
