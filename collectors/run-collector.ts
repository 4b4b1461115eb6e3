// One run of one collector, bounded by its timeout. The run's signal aborts
// at the timeout and the scheduler stops waiting right then, even if the
// plugin ignores its signal. The plugin's own promise is still tracked
// (`settled`) so the scheduler never starts a second run beside a zombie.
import type { Accumulator, Sample } from './types.ts'

export interface RunOutcome {
  /** The plugin resolved before the timeout (per-target errors may still exist). */
  completed: boolean
  /** Why the run failed as a whole: a throw, a timeout, or a stop. */
  runError: Error | null
  samples: Sample[]
  /** Per-target errors the plugin reported through the accumulator. */
  errors: Error[]
}

export interface StartedRun {
  /** Resolves at completion, failure or timeout, whichever is first. Never rejects. */
  outcome: Promise<RunOutcome>
  /** Resolves when the plugin's promise itself settles (maybe long after a timeout). */
  settled: Promise<void>
}

export function startRun(opts: {
  id: string
  timeoutMs: number
  timeoutText: string
  /** Aborted when the scheduler stops. */
  parentSignal: AbortSignal
  run: (acc: Accumulator, signal: AbortSignal) => Promise<void>
}): StartedRun {
  const controller = new AbortController()
  const samples: Sample[] = []
  const errors: Error[] = []
  let sealed = false

  const acc: Accumulator = {
    add(sample) {
      // Samples arriving after a timeout belong to a run already reported as failed.
      if (sealed) return
      if (!Number.isFinite(sample.value) || !(sample.at instanceof Date) || Number.isNaN(sample.at.getTime())) {
        errors.push(
          new Error(
            `[collector=${opts.id}] dropped ${sample.app}/${sample.metric}: value ${sample.value} at ${String(sample.at)} is not a finite number at a valid time`,
          ),
        )
        return
      }
      samples.push(sample)
    },
    addError(err) {
      if (!sealed) errors.push(err)
    },
  }

  const onParentAbort = (): void => controller.abort(new Error(`[collector=${opts.id}] stopped while running`))
  if (opts.parentSignal.aborted) onParentAbort()
  else opts.parentSignal.addEventListener('abort', onParentAbort, { once: true })

  const timer = setTimeout(
    () => controller.abort(new Error(`[collector=${opts.id}] timed out after ${opts.timeoutText}`)),
    opts.timeoutMs,
  )

  // Promise.resolve().then(...) turns a synchronous throw into a rejection.
  const work = Promise.resolve().then(() => opts.run(acc, controller.signal))
  const settled = work.then(
    () => undefined,
    () => undefined,
  )
  const aborted = new Promise<Error>((resolve) => {
    if (controller.signal.aborted) resolve(reasonOf(controller.signal))
    else controller.signal.addEventListener('abort', () => resolve(reasonOf(controller.signal)), { once: true })
  })

  const outcome = Promise.race([
    work.then(
      () => ({ completed: true, runError: null }),
      (err: unknown) => ({ completed: false, runError: withTarget(opts.id, err) }),
    ),
    aborted.then((err) => ({ completed: false, runError: err })),
  ]).then((r) => {
    sealed = true
    clearTimeout(timer)
    opts.parentSignal.removeEventListener('abort', onParentAbort)
    return { ...r, samples, errors }
  })

  return { outcome, settled }
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason))
}

/** Plugins should name their target; when a bare throw does not, name the collector. */
export function withTarget(id: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err)
  if (message.startsWith('[')) return err instanceof Error ? err : new Error(message)
  const wrapped = new Error(`[collector=${id}] ${message}`)
  if (err instanceof Error) wrapped.cause = err
  return wrapped
}
