// Model fits spread over worker processes on any machine through a Redis
// job queue (bullmq): the engine leader adds each batch as a job and waits
// for its result; `headroom fit-worker` processes take jobs. A worker that
// dies mid-fit stops renewing its job's lock; bullmq's stalled-job check
// puts the job back in the queue and another worker finishes it.
import { Queue, QueueEvents, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { ForecastBackend } from '../capacity/forecast/types.ts'
import type { FitExecutor } from '../runtime/fit-executor.ts'
import { runFitRequest, type FitReply, type FitRequest } from '../runtime/fit-job.ts'

export const FIT_QUEUE = 'headroom-fits'

export interface FitQueueTimings {
  /** How long a worker's lock on a job lasts without renewal (a dead worker's job is retried after about this). */
  lockMs: number
  /** How often workers look for stalled jobs. */
  stalledCheckMs: number
}

export function fitQueueTimings(): FitQueueTimings {
  const num = (name: string, fallback: number): number => {
    const raw = process.env[name]
    const n = raw === undefined ? fallback : Number(raw)
    if (!Number.isInteger(n) || n < 100) throw new Error(`${name}: expected milliseconds (a whole number >= 100); got "${raw}"`)
    return n
  }
  return { lockMs: num('HEADROOM_FIT_LOCK_MS', 30_000), stalledCheckMs: num('HEADROOM_FIT_STALLED_CHECK_MS', 15_000) }
}

/** The leader's side: each batch becomes a job; resolves with the worker's reply. */
export function createQueueFitExecutor(
  connection: Redis,
  prefix: string,
  parallelism: number,
  timeoutMs = 10 * 60_000,
): FitExecutor {
  const queue = new Queue<FitRequest, FitReply>(FIT_QUEUE, { connection, prefix })
  const events = new QueueEvents(FIT_QUEUE, { connection: connection.duplicate(), prefix })
  return {
    kind: 'bullmq',
    parallelism,
    async run(req) {
      await events.waitUntilReady()
      const job = await queue.add('fit', req, {
        attempts: 3,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      })
      return (await job.waitUntilFinished(events, timeoutMs)) as FitReply
    },
    async close() {
      await events.close()
      await queue.close()
    },
  }
}

/** A worker process's side: fits jobs one at a time with its own WASM backend. */
export function startFitWorker(
  connection: Redis,
  prefix: string,
  backend: ForecastBackend,
  name: string,
): Worker<FitRequest, FitReply> {
  const t = fitQueueTimings()
  return new Worker<FitRequest, FitReply>(
    FIT_QUEUE,
    async (job) => {
      // One series at a time with a turn of the event loop between, so the job's lock keeps being renewed during a long batch.
      const results: FitReply['results'] = []
      for (const one of job.data.jobs) {
        const reply = runFitRequest({ ...job.data, jobs: [one] }, backend)
        if (reply.error) throw new Error(reply.error)
        results.push(...reply.results)
        await new Promise((resolve) => setImmediate(resolve))
      }
      return { batch: job.data.batch, results }
    },
    { connection, prefix, name, concurrency: 1, lockDuration: t.lockMs, stalledInterval: t.stalledCheckMs, maxStalledCount: 5 },
  )
}
