// The schedule of one notifier's sends, off the evaluation's path: kick()
// asks for a send soon and returns; a failure waits with exponential backoff
// (initial × 2^n, capped) before the next try, and a kick during that wait
// does not hammer a receiver that is down. Counts what it did for /metrics.
import type { BackoffMs } from '../../config/alerts-schema.ts'

export interface SendLoopOptions {
  /** One send. Resolves true when more is waiting (send again at once). Throws on failure. */
  attempt: () => Promise<boolean>
  backoff: BackoffMs
  /** After a success with nothing waiting, send again after this long (Alertmanager's resend); null = wait for a kick. */
  idleResendMs: number | null
  onSuccess: () => void
  onFailure: (message: string) => void
}

export interface SendLoopState {
  failures: number
  lastError: string | null
  lastSuccessAt: string | null
  nextAttemptAt: string | null
}

export interface SendLoop {
  kick(): void
  state(): SendLoopState
  stop(): void
}

export function backoffDelay(failures: number, backoff: BackoffMs): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1))
}

export function createSendLoop(opts: SendLoopOptions): SendLoop {
  let sending = false
  let again = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let timerIsRetry = false
  const state: SendLoopState = { failures: 0, lastError: null, lastSuccessAt: null, nextAttemptAt: null }

  const schedule = (ms: number, retry: boolean) => {
    if (timer) clearTimeout(timer)
    timerIsRetry = retry
    state.nextAttemptAt = new Date(Date.now() + ms).toISOString()
    timer = setTimeout(() => {
      timer = null
      state.nextAttemptAt = null
      void run()
    }, ms)
    timer.unref?.()
  }

  async function run(): Promise<void> {
    if (stopped) return
    if (sending) {
      again = true
      return
    }
    sending = true
    again = false
    let more = false
    try {
      more = await opts.attempt()
      state.failures = 0
      state.lastError = null
      state.lastSuccessAt = new Date().toISOString()
      opts.onSuccess()
    } catch (err) {
      state.failures += 1
      state.lastError = err instanceof Error ? err.message : String(err)
      opts.onFailure(state.lastError)
      sending = false
      if (!stopped) schedule(backoffDelay(state.failures, opts.backoff), true)
      return
    }
    sending = false
    if (stopped) return
    if (more || again) schedule(0, false)
    else if (opts.idleResendMs !== null) schedule(opts.idleResendMs, false)
  }

  return {
    kick() {
      if (stopped) return
      if (sending) {
        again = true
        return
      }
      // Waiting out a failure: the retry will carry this too.
      if (timer && timerIsRetry) return
      schedule(0, false)
    },
    state: () => ({ ...state }),
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
