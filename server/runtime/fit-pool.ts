// Pre-fits the engine's forecasts on worker threads, one per core, so a cold
// start (every series needing an MSTL fit, ~4 ms of CPU each) uses both
// cores and leaves the main event loop free for sockets. The engine stays
// pure and single-threaded: the pool only produces an EngineCache, and
// computeEngine() then finds every series already fitted.
//
//   const pool = createEnginePool()
//   const cache = await pool.prefit(input)
//   const result = computeEngine({ ...input, cache })
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { engineSeries } from '../capacity/engine.ts'
import { carryOf, forecastOptionsOf } from '../capacity/forecast/series.ts'
import { peaksOf, seriesDay } from '../capacity/forecast/series-peaks.ts'
import type { CachedSeries, EngineCache } from '../capacity/forecast/series-types.ts'
import type { EngineInput } from '../capacity/engine-input.ts'
import type { FitJob, FitReply, FitRequest } from './fit-worker.ts'

export interface EnginePool {
  /** A cache in which every series of `input` is fitted (and back-tested unless input.backtest is 'skip'). */
  prefit(input: EngineInput): Promise<EngineCache>
  readonly size: number
  close(): Promise<void>
}

/** Workers run the TypeScript sources through tsx, as the main process does (see scripts/headroom.mjs). */
export function startWorker(): Worker {
  const api = import.meta.resolve('tsx/esm/api')
  const entry = new URL('./fit-worker.ts', import.meta.url).href
  const boot = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry)})`
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`))
  worker.unref()
  return worker
}

export function send(worker: Worker, req: FitRequest): Promise<FitReply> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
    }
    const onMessage = (reply: FitReply): void => {
      if (reply.batch !== req.batch) return
      done()
      if (reply.error) reject(new Error(`engine worker failed on batch ${req.batch}: ${reply.error}`))
      else resolve(reply)
    }
    const onError = (err: Error): void => {
      done()
      reject(new Error(`engine worker crashed on batch ${req.batch}: ${err.message}`))
    }
    // A worker that dies without an error event (out of memory, terminate) must not leave prefit() waiting forever.
    const onExit = (code: number): void => {
      done()
      reject(new Error(`engine worker exited with code ${code} during batch ${req.batch}`))
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(req)
  })
}

export function createEnginePool(size = Math.max(1, availableParallelism())): EnginePool {
  let workers: Worker[] = []
  let batch = 0
  return {
    size,
    async prefit(input) {
      if (workers.length === 0) workers = Array.from({ length: size }, startWorker)
      const options = forecastOptionsOf(input.settings)
      const optionsKey = JSON.stringify(options)
      const day = seriesDay(input.now, options)
      const backtestDays = input.backtest === 'skip' ? 0 : input.settings.forecast.backtestDays
      const out = new Map<string, CachedSeries>(input.cache?.series ?? [])
      const pending = new Map<string, { version: number | null; fingerprint: string; maxPeak: number | null }>()
      const jobs: FitJob[] = []
      for (const { key, buckets, bounds } of engineSeries(input)) {
        const version = input.versions?.get(key) ?? null
        const prev = out.get(key)
        if (prev && !prev.provisional && version !== null && prev.version === version && prev.day === day) continue
        const p = peaksOf(buckets, input.now, options, bounds ? `${optionsKey}|${JSON.stringify(bounds)}` : optionsKey)
        if (prev && !prev.provisional && prev.fingerprint === p.fingerprint) {
          out.set(key, { ...prev, version, day })
          continue
        }
        pending.set(key, { version, fingerprint: p.fingerprint, maxPeak: p.maxPeak })
        jobs.push({ key, values: p.values, lastDate: p.lastDate, carry: carryOf(prev), ...(bounds ? { bounds } : {}) })
      }
      // Interleaved split: neighbouring series tend to cost alike, so each worker gets a fair share.
      // Referenced only while working, so an idle pool never keeps the process alive.
      for (const w of workers) w.ref()
      const replies = await Promise.all(
        workers.map((w, i) =>
          send(w, { batch: ++batch, options, backtestDays, jobs: jobs.filter((_, j) => j % workers.length === i) }),
        ),
      ).then(
        (r) => {
          for (const w of workers) w.unref()
          return r
        },
        async (err: unknown) => {
          // Start afresh next time rather than reuse a pool with a dead worker.
          const broken = workers
          workers = []
          await Promise.allSettled(broken.map((w) => w.terminate()))
          throw err
        },
      )
      for (const reply of replies) {
        for (const r of reply.results) {
          const meta = pending.get(r.key)
          if (!meta) continue
          out.set(r.key, {
            ...meta,
            day,
            forecast: r.forecast,
            fitted: r.fitted,
            backtest: r.backtest,
            backtestAsOf: r.backtestAsOf,
            provisional: false,
          })
        }
      }
      return { series: out }
    },
    async close() {
      const closing = workers
      workers = []
      await Promise.all(closing.map((w) => w.terminate()))
    },
  }
}
