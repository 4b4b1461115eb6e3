// Runs async tasks one at a time, in call order. DuckDB's appender and the
// staging-table merge are a multi-statement sequence on one connection; a
// read slipping in between would see half a write, so every operation on
// the connection goes through one queue.
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    // The queue keeps going whether this task failed or not; the caller sees the error.
    tail = run.catch(() => undefined)
    return run
  }
}
