// Fits spread over worker processes through bullmq on a real redis-server:
// two `headroom fit-worker` processes; the one that takes a batch is killed
// mid-fit and the other finishes the same job.
import { spawn, type ChildProcess } from 'node:child_process'
import { hostname } from 'node:os'
import { Job, Queue, QueueEvents } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forecastOptionsOf } from '../../server/capacity/forecast/series.ts'
import { FIT_QUEUE } from '../../server/cluster/fit-queue.ts'
import { connectRedis } from '../../server/cluster/redis.ts'
import { engineSettingsSchema } from '../../server/config/engine-schema.ts'
import type { FitReply, FitRequest } from '../../server/runtime/fit-job.ts'
import { redisBinary, startRedis, type RunningRedis } from '../support/redis.ts'
import { repoRoot } from '../support/server.ts'
import { waitFor } from '../support/services.ts'

const SERIES = 40

function request(): FitRequest {
  const jobs = Array.from({ length: SERIES }, (_, s) => ({
    key: `app${s}/m`,
    // 90 days: a weekly shape, a gentle ramp and deterministic noise.
    values: Array.from({ length: 90 }, (_, d) => 200 + s + d * 0.5 + (d % 7 >= 5 ? -40 : 0) + Math.sin(d * 12.9898 + s) * 8),
    lastDate: '2026-11-30',
    carry: null,
  }))
  return { batch: 1, options: forecastOptionsOf(engineSettingsSchema.parse({})), backtestDays: 14, jobs }
}

describe.skipIf(!redisBinary.path)('fits through the Redis queue', () => {
  let redis: RunningRedis
  const workers: { proc: ChildProcess; ready: boolean }[] = []

  beforeAll(async () => {
    redis = await startRedis()
    for (let i = 0; i < 2; i++) {
      const proc = spawn(process.execPath, ['scripts/headroom.mjs', 'fit-worker'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          HEADROOM_REDIS_URL: redis.url,
          HEADROOM_FIT_LOCK_MS: '4000',
          HEADROOM_FIT_STALLED_CHECK_MS: '1000',
          HEADROOM_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const w = { proc, ready: false }
      proc.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('fit worker ready')) w.ready = true
      })
      workers.push(w)
    }
    await waitFor('both fit workers to be ready', async () => workers.every((w) => w.ready), 60_000)
  }, 90_000)

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL')
    await redis?.stop()
  })

  it('a worker process killed mid-fit has its job finished by another', async () => {
    const connection = connectRedis(redis.url, { blocking: true })
    const queue = new Queue<FitRequest, FitReply>(FIT_QUEUE, { connection, prefix: 'headroom' })
    const events = new QueueEvents(FIT_QUEUE, { connection: connection.duplicate(), prefix: 'headroom' })
    await events.waitUntilReady()
    const job = await queue.add('fit', request(), { attempts: 3, removeOnComplete: false })
    const id = job.id as string
    let first = ''
    await waitFor(
      'a worker to take the job',
      async () => {
        first = (await Job.fromId(queue, id))?.processedBy ?? ''
        return first !== ''
      },
      30_000,
    )
    const victim = workers.find((w) => first === `${hostname()}-${w.proc.pid}`)
    expect(victim, `the job is held by ${first}`).toBeDefined()
    expect(await job.getState()).toBe('active')
    victim?.proc.kill('SIGKILL')

    const reply = (await job.waitUntilFinished(events, 120_000)) as FitReply
    expect(reply.results.map((r) => r.key)).toEqual(request().jobs.map((j) => j.key))
    expect(reply.results.every((r) => r.forecast.ok)).toBe(true)
    const finished = await Job.fromId(queue, id)
    expect(finished?.processedBy).not.toBe(first)
    expect(finished?.processedBy).toBe(`${hostname()}-${workers.find((w) => w !== victim)?.proc.pid}`)
    await events.close()
    await queue.close()
    await connection.quit()
  }, 150_000)
})
