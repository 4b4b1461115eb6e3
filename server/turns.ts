// Background work (the live state's tick, engine passes, fit queueing, alert
// evaluation) runs in slices and yields between them. Yielding with a bare
// setImmediate was not enough: every job's next slice then ran in the same
// check phase, back to back, and at 1 000 metrics the event loop still went
// 200+ ms without polling sockets. Here at most one waiting slice resumes
// per turn of the event loop, so I/O is polled between any two slices.
// In the base layer (.dependency-cruiser.cjs): the store slices its large
// reads with the same turns as the services above it.
const waiting: (() => void)[] = []

function releaseOne(): void {
  const next = waiting.shift()
  // Scheduled from inside the check phase, so it runs on the next turn, after the poll phase.
  if (waiting.length > 0) setImmediate(releaseOne)
  next?.()
}

/** Resolves on a later turn of the event loop, after pending I/O; one waiter resumes per turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    if (waiting.length === 1) setImmediate(releaseOne)
  })
}

/**
 * Longest a job holds the event loop before it yields. 15 ms let a request wait behind two jobs'
 * slices plus a push's turn: /api/health p99 27 ms at 1 000 metrics, 18 ms with 8.
 */
export const SLICE_MS = 8

/**
 * A checkpoint to await between units of work: yields (nextTurn) once the job has held the event loop
 * for `budgetMs` since its last turn, and otherwise returns at once.
 */
export function slicer(budgetMs = SLICE_MS): () => Promise<void> {
  let start = performance.now()
  return async () => {
    if (performance.now() - start <= budgetMs) return
    await nextTurn()
    start = performance.now()
  }
}

/** Drives a sliced computation (a generator that yields between units of work) to its result, a slice per turn. */
export async function runSliced<T>(steps: Generator<void, T>): Promise<T> {
  const checkpoint = slicer()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await checkpoint()
  }
}

export interface InTurns<T> {
  /** Queues `items` after what is queued; applies what fits in the current slice before returning. */
  push(items: readonly T[]): void
  /** Resolves once everything pushed so far has been applied. */
  drained(): Promise<void>
}

/**
 * Applies batches of items in order, `chunk` items at a time, giving the event loop a turn whenever
 * it has held it `budgetMs`: a batch that fits in one slice (every batch of a small estate) is
 * applied before push() returns, as a direct call would; a 10 000-item batch (a collector's round
 * at 10 000 metrics) is spread over turns instead of being one 50 ms turn. A chunk that `apply`
 * throws on goes to `onError`, and the items after it are still applied.
 */
export function inTurns<T>(opts: {
  apply: (items: readonly T[]) => void
  chunk: number
  onError: (err: unknown) => void
  budgetMs?: number
}): InTurns<T> {
  const budgetMs = opts.budgetMs ?? SLICE_MS
  const backlog: (readonly T[])[] = []
  /** Items of backlog[0] already applied. */
  let done = 0
  let resuming: Promise<void> | null = null

  function drain(): void {
    const start = performance.now()
    for (;;) {
      const batch = backlog[0]
      if (!batch) return
      const end = Math.min(batch.length, done + opts.chunk)
      try {
        opts.apply(done === 0 && end === batch.length ? batch : batch.slice(done, end))
      } catch (err) {
        opts.onError(err)
      }
      done = end
      if (end >= batch.length) {
        backlog.shift()
        done = 0
      }
      if (backlog.length > 0 && performance.now() - start > budgetMs) {
        resuming = nextTurn().then(() => {
          resuming = null
          drain()
        })
        return
      }
    }
  }

  return {
    push(items) {
      if (items.length === 0) return
      backlog.push(items)
      if (!resuming) drain()
    },
    async drained() {
      while (resuming) await resuming
    },
  }
}
