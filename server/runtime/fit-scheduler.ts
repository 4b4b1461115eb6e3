// Keeps every series on its real, back-tested model without the engine pass
// waiting for a fit. Each pass the engine runs with no fit budget: a series
// whose completed days changed gets a labelled provisional (Theil–Sen)
// forecast at once, and this scheduler queues its real fit on a FitExecutor
// (worker threads, or worker processes through Redis). Finished fits are
// applied to the cache before the next pass, which reuses them because
// their fingerprint (the daily peaks they were fitted on) still matches.
// A series is refitted only when a new daily peak lands (its fingerprint
// changes); a fit made stale by newer data while in flight is dropped.
import { engineSeries } from '../capacity/engine.ts'
import type { EngineInput } from '../capacity/engine-input.ts'
import { settleArrivedForecast, unboxed } from '../capacity/forecast/forecast.ts'
import { carryOf, forecastOptionsOf, type BacktestCarry } from '../capacity/forecast/series.ts'
import { peaksOf } from '../capacity/forecast/series-peaks.ts'
import type { CachedSeries, EngineCache } from '../capacity/forecast/series-types.ts'
import type { FitExecutor } from './fit-executor.ts'
import type { FitJob, FitResult } from './fit-job.ts'
import { slicer } from '../turns.ts'

/** Series per batch: big enough to amortise a message, small enough that results flow back every few hundred ms. */
const BATCH = 20

export interface FitScheduler {
  /**
   * Queues the fits `cache` (the last pass's) still needs, fullest metrics first; replaces the previous
   * queue. Reducing every series to its daily peaks takes a while at thousands of series: it yields the
   * event loop between slices (turns.ts), and a newer call supersedes one still reducing.
   */
  schedule(input: EngineInput, cache: EngineCache): Promise<void>
  /** `cache` with every finished fit applied whose daily peaks still match. */
  apply(cache: EngineCache | undefined): EngineCache | undefined
  /** Series queued or in flight. */
  outstanding(): number
  /** Called after each finished batch (the engine service refreshes, throttled). */
  onFitted(listener: (count: number) => void): () => void
  close(): Promise<void>
}

interface Wanted {
  fingerprint: string
  version: number | null
  day: number
  maxPeak: number | null
}

function needsFit(e: CachedSeries, backtestDays: number): boolean {
  return e.provisional || (backtestDays > 0 && e.forecast.ok && e.backtest === null)
}

/** Keys in the order the engine prefers: most utilised metrics first, then drivers. */
function prioritised(input: EngineInput): ReturnType<typeof engineSeries> {
  const util = new Map<string, number>()
  for (const app of input.snapshot.applications)
    for (const m of app.metrics) util.set(`${m.app}/${m.metric}`, m.peakUtilisation ?? -1)
  return engineSeries(input).sort((a, b) => (util.get(b.key) ?? -2) - (util.get(a.key) ?? -2))
}

export function createFitScheduler(executor: FitExecutor, onError: (err: unknown) => void): FitScheduler {
  let queue: FitJob[] = []
  let request: { options: ReturnType<typeof forecastOptionsOf>; backtestDays: number } | null = null
  const wanted = new Map<string, Wanted>()
  const inFlight = new Map<string, string>()
  const done = new Map<string, CachedSeries>()
  const carries = new Map<string, BacktestCarry>()
  const listeners = new Set<(count: number) => void>()
  let running = 0
  let batch = 0
  let closed = false
  /** The latest schedule() call: an older one still reducing stops. */
  let generation = 0

  /** `sent`: the fingerprint each job of the batch was dispatched with. */
  function finish(results: FitResult[], sent: ReadonlyMap<string, string>): void {
    for (const r of results) {
      const fingerprint = sent.get(r.key)
      // This dispatch is over whatever happened meanwhile. Keyed on what was sent, not on what is wanted
      // now: a series no longer wanted (a pass found it fitted) or wanted with new values left its entry
      // behind, and outstanding() never reached 0 again (10 000 metrics: 396 stuck for good).
      if (inFlight.get(r.key) === fingerprint) inFlight.delete(r.key)
      const w = wanted.get(r.key)
      // A fit of values that are no longer the series' is not its forecast.
      if (!w || w.fingerprint !== fingerprint) continue
      settleArrivedForecast(r.forecast)
      done.set(r.key, {
        ...w,
        forecast: r.forecast,
        fitted: unboxed(r.fitted),
        backtest: r.backtest,
        backtestAsOf: r.backtestAsOf,
        provisional: false,
      })
    }
    for (const l of listeners) l(results.length)
  }

  function pump(): void {
    while (!closed && request && running < executor.parallelism && queue.length > 0) {
      const jobs = queue.splice(0, BATCH)
      const sent = new Map(jobs.map((j) => [j.key, wanted.get(j.key)?.fingerprint ?? '']))
      for (const [key, fingerprint] of sent) inFlight.set(key, fingerprint)
      running++
      executor
        .run({ batch: ++batch, options: request.options, backtestDays: request.backtestDays, jobs })
        .then(
          (reply) => {
            if (reply.error) throw new Error(reply.error)
            finish(reply.results, sent)
          },
          (err: unknown) => {
            throw err
          },
        )
        .catch((err: unknown) => {
          // The batch's series stay wanted: the next schedule() queues them again.
          for (const [key, fingerprint] of sent) if (inFlight.get(key) === fingerprint) inFlight.delete(key)
          onError(err)
        })
        .finally(() => {
          running--
          pump()
        })
    }
  }

  return {
    async schedule(input, cache) {
      const mine = ++generation
      const options = forecastOptionsOf(input.settings)
      const optionsKey = JSON.stringify(options)
      const backtestDays = input.backtest === 'skip' ? 0 : input.settings.forecast.backtestDays
      if (![...cache.series.values()].some((e) => needsFit(e, backtestDays))) {
        // The steady state, nothing to fit: no need to order every series by utilisation (tens of ms
        // at 10 000 metrics); the carries still follow the cache.
        for (const [key, entry] of cache.series) {
          const carry = carryOf(entry)
          if (carry) carries.set(key, carry)
          wanted.delete(key)
        }
        request = { options, backtestDays }
        queue = []
        return
      }
      const next: FitJob[] = []
      const checkpoint = slicer()
      for (const { key, buckets, bounds } of prioritised(input)) {
        await checkpoint()
        if (mine !== generation || closed) return
        const entry = cache.series.get(key)
        if (!entry) continue
        if (!needsFit(entry, backtestDays)) {
          const carry = carryOf(entry)
          if (carry) carries.set(key, carry)
          wanted.delete(key)
          continue
        }
        if (inFlight.get(key) === entry.fingerprint || done.get(key)?.fingerprint === entry.fingerprint) continue
        // The same fingerprint the engine gives the series: its bounds are part of it (engine.ts forecastAll).
        const p = peaksOf(buckets, input.now, options, bounds ? `${optionsKey}|${JSON.stringify(bounds)}` : optionsKey)
        wanted.set(key, { fingerprint: p.fingerprint, version: entry.version, day: entry.day, maxPeak: p.maxPeak })
        next.push({ key, values: p.values, lastDate: p.lastDate, carry: carries.get(key) ?? null, ...(bounds ? { bounds } : {}) })
      }
      request = { options, backtestDays }
      queue = next
      pump()
    },
    apply(cache) {
      if (!cache || done.size === 0) return cache
      const series = new Map(cache.series)
      for (const [key, fitted] of done) {
        const current = series.get(key)
        if (current && current.fingerprint === fitted.fingerprint)
          series.set(key, { ...fitted, version: current.version, day: current.day })
      }
      done.clear()
      return { series }
    },
    outstanding: () => queue.length + inFlight.size,
    onFitted(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      queue = []
      await executor.close()
    },
  }
}
