// `headroom fit-worker`: a process that fits forecast models for the engine
// leader, taking batches from the Redis queue (HEADROOM_REDIS_URL; the
// leader runs with HEADROOM_FITS=queue). Run as many as there are spare
// cores, on any machine that reaches Redis; a worker killed mid-fit has its
// batch finished by another.
import { hostname } from 'node:os'
import { startFitWorker } from '../cluster/fit-queue.ts'
import { connectRedis, redisPrefix, redisUrl } from '../cluster/redis.ts'
import type { Logger } from '../log.ts'
import { augursBackend } from '../runtime/augurs-backend.ts'
import { UsageError } from './args.ts'

export async function fitWorkerCommand(argv: string[], log: Logger): Promise<number> {
  if (argv.length > 0) throw new UsageError(`fit-worker takes no arguments; got ${argv.join(' ')}`)
  const url = redisUrl()
  if (!url) throw new UsageError('fit-worker needs HEADROOM_REDIS_URL (redis://host:6379), the queue the engine leader fills')
  const name = `${hostname()}-${process.pid}`
  const worker = startFitWorker(connectRedis(url, { blocking: true }), redisPrefix(), augursBackend(), name)
  worker.on('failed', (job, err) => log.warn({ job: job?.id, err: err.message }, 'a fit batch failed; bullmq retries it'))
  worker.on('completed', (job) => log.debug({ job: job.id }, 'fit batch done'))
  await worker.waitUntilReady()
  log.info({ name }, 'fit worker ready; waiting for model fits')
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await worker.close()
  return 0
}
