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
