// Model fits on worker threads of this process: a pool of cores − 1 (at
// least one), so the main thread keeps a core for sockets and HTTP while
// fits use the rest. Batches queue for the next idle worker; a worker that
// crashes fails its batch and is replaced. Idle workers are unref'd, so an
// idle pool never keeps the process alive.
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { FitReply, FitRequest } from './fit-job.ts'
import type { FitExecutor } from './fit-executor.ts'
import { send, startWorker } from './fit-pool.ts'

export function defaultFitThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}

export function createThreadFitExecutor(size = defaultFitThreads()): FitExecutor {
  const idle: Worker[] = []
  const all = new Set<Worker>()
  const waiting: { req: FitRequest; resolve: (r: FitReply) => void; reject: (e: Error) => void }[] = []
  let started = 0
  let closed = false

  function take(): Worker | null {
    const spare = idle.pop()
    if (spare) return spare
    if (started >= size) return null
    started++
    const w = startWorker()
    all.add(w)
    return w
  }

  function pump(): void {
    while (waiting.length > 0 && !closed) {
      const worker = take()
      if (!worker) return
      const next = waiting.shift()
      if (!next) return
      worker.ref()
      send(worker, next.req).then(
        (reply) => {
          worker.unref()
          idle.push(worker)
          next.resolve(reply)
          pump()
        },
        (err: unknown) => {
          // The worker is gone (or broken): drop it; the next batch starts a fresh one.
          started--
          all.delete(worker)
          void worker.terminate()
          next.reject(err instanceof Error ? err : new Error(String(err)))
          pump()
        },
      )
    }
  }

  return {
    kind: 'threads',
    parallelism: size,
    run(req) {
      if (closed) return Promise.reject(new Error('the fit pool is closed'))
      return new Promise((resolve, reject) => {
        waiting.push({ req, resolve, reject })
        pump()
      })
    },
    async close() {
      closed = true
      for (const w of waiting.splice(0)) w.reject(new Error('the fit pool closed'))
      idle.length = 0
      await Promise.all([...all].map((w) => w.terminate()))
      all.clear()
    },
  }
}
