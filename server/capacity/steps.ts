// Sliced computations: the engine's long work is written as generators that
// yield between units (a series, a metric, a row), so the server can give
// its event loop turns between them (server/turns.ts runSliced). Callers
// that do not need turns (tests, the CLI, small inputs) run them to the end.

/** A sliced computation run to its end in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}
