// Where model fits run: worker threads in this process (fit-threads.ts) or
// worker processes anywhere behind a Redis queue (cluster/fit-queue.ts).
// Both take a FitRequest (a batch of reduced series) and answer a FitReply.
import type { FitReply, FitRequest } from './fit-job.ts'

export interface FitExecutor {
  /** 'threads' | 'bullmq', for logs and /api/health. */
  readonly kind: string
  /** Batches worth keeping in flight at once. */
  readonly parallelism: number
  run(req: FitRequest): Promise<FitReply>
  close(): Promise<void>
}
