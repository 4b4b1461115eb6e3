// Runs the pure capacity engine against the store on a cadence: every minute,
// after backfill, on config reload. It owns what the engine may not: the
// clock, the store reads and the WASM backend. Runs are serialised (a refresh
// asked for during a run is done once, after it), and the event loop stays
// responsive: store reads are awaited one series at a time and model fits per
// run are capped (fitBudget), so a cold start converges over a few quick runs
// instead of blocking for seconds.
import { computeEngineSteps } from '../capacity/engine.ts'
import type { EngineCache } from '../capacity/forecast/series-types.ts'
import type { ForecastBackend } from '../capacity/forecast/types.ts'
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import type { TrackedUpgrade } from '../capacity/tracked/upgrade-states.ts'
import { computeSnapshot, seriesKey } from '../capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot } from '../capacity/snapshot/types.ts'
import type { EngineFile } from '../config/engine-file.ts'
import type { Estate } from '../config/schema.ts'
import type { Logger } from '../log.ts'
import type { Store } from '../store/types.ts'
import { augursBackend } from './augurs-backend.ts'
import { createCoalescingRunner, keepPrevious } from './coalescing-runner.ts'
import { createEngineCacheFile } from './engine-cache-file.ts'
import { createEngineHistory, type EngineHistorySource } from './engine-history.ts'
import { nextTurn, runSliced } from '../turns.ts'
import type { FitScheduler } from './fit-scheduler.ts'
import type { Point } from '../store/types.ts'
import type { ObservationCache } from './observations.ts'

/**
 * Model fits per run. Since issue 8 one fit is a portfolio selection with
 * its rolling back-test: bench/engine measures ~60–100 ms of CPU per series
 * on this machine, so 10 fits block for about a second (a new day's refit,
 * which reuses the selection, is ~8 ms).
 */
export const DEFAULT_FIT_BUDGET = 10
/** While forecasts are provisional, run again this soon instead of waiting a minute. */
const CONVERGE_MS = 2_000

export interface EngineServiceDeps {
  store: Store
  estate: () => Estate
  engine: () => EngineFile
  cache: ObservationCache
  log: Logger
  now?: () => Date
  backend?: ForecastBackend
  fitBudget?: number
  /** The upgrade pipeline (ordered upgrades are steps in their breakpoints); none when omitted. */
  plan?: () => readonly TrackedUpgrade[]
  /**
   * Where the fitted forecasts are saved (serialiseEngineCache) and read back
   * at start, so a restarted server answers with real models at once instead
   * of refitting everything. Omit to keep the cache in memory only.
   */
  cacheFile?: string
  /** False while another server holds the engine lease (cluster): passes are skipped. Default: always run. */
  active?: () => boolean
  /** The live snapshot without the engine's verdict (the live state keeps it, assembled in turns); default: computed from the cache. */
  baseSnapshot?: () => CapacitySnapshot | null | Promise<CapacitySnapshot | null>
  /** Where history comes from; default: one batched, incremental store read per pass (engine-history.ts). */
  history?: EngineHistorySource
  /**
   * Fits off the event loop: with a scheduler, passes fit nothing themselves
   * (changed series get a labelled provisional forecast) and queue the real
   * fits on it; each finished batch brings a refresh. Without one, fits run
   * inline up to `fitBudget` per pass.
   */
  fits?: FitScheduler
}

export interface EngineService {
  current(): EngineResult | null
  /** The live snapshot the result was computed against (utilisation RAG only). */
  baseSnapshot(): CapacitySnapshot | null
  /** Each driver's 24 h peak (the level scenarios scale), from the live cache. */
  driverLevels(): Record<string, number>
  /** Run now (or right after the run in progress); resolves with the result. */
  refresh(why: string): Promise<EngineResult | null>
  /** Drop cached forecasts (settings changed) and refresh. */
  reset(why: string): Promise<EngineResult | null>
  onResult(listener: (result: EngineResult) => void): () => void
  /** Points just stored: a write into days already read makes the next pass re-read them. */
  noteWritten(points: readonly Point[]): void
  /** Series whose real model fit is queued or running (0 = every forecast is on its chosen model). */
  fitsOutstanding(): number
  /** Wall time of the last pass (history read + engine), ms; null before the first. */
  lastPassMs(): number | null
  start(intervalMs?: number): void
  stop(): Promise<void>
}

export function createEngineService(deps: EngineServiceDeps): EngineService {
  const now = deps.now ?? (() => new Date())
  const listeners = new Set<(r: EngineResult) => void>()
  const cacheFile = createEngineCacheFile(deps.cacheFile, deps.log)
  let result: EngineResult | null = null
  let base: CapacitySnapshot | null = null
  let cache: EngineCache | undefined
  let restored: Promise<void> | null = null
  let timer: NodeJS.Timeout | null = null
  let soon: NodeJS.Timeout | null = null
  let stopped = false
  let backend: ForecastBackend | null = deps.backend ?? null
  const historySource = deps.history ?? createEngineHistory(deps.store)
  let fitRefresh: NodeJS.Timeout | null = null
  let lastPassMs: number | null = null
  // Finished fits are merged by the next pass; batches arrive often, so refresh at most every CONVERGE_MS.
  deps.fits?.onFitted(() => {
    if (fitRefresh || stopped) return
    fitRefresh = setTimeout(() => {
      fitRefresh = null
      void refresh('model fits arrived')
    }, CONVERGE_MS)
    fitRefresh.unref()
  })

  /** Once, before the first run: a missing file is a cold start; a bad one is logged and refitted. */
  const restoreOnce = (): Promise<void> =>
    (restored ??= cacheFile.restore().then((c) => {
      cache ??= c
    }))

  /** While forecasts are provisional, come back in a couple of seconds rather than a minute. */
  function scheduleConvergence(next: EngineResult): void {
    if (next.stats.pending === 0 || stopped) return
    if (soon) clearTimeout(soon)
    soon = setTimeout(() => void refresh('converging provisional forecasts'), CONVERGE_MS)
    soon.unref()
  }

  async function run(why: string): Promise<EngineResult | null> {
    if (deps.active && !deps.active()) return result
    await restoreOnce()
    const started = Date.now()
    const at = now()
    const estate = deps.estate()
    const file = deps.engine()
    const { history, drivers, versions } = await historySource.read(estate, file.settings.peak, at)
    if (stopped) return result
    backend ??= augursBackend()
    const applied = deps.fits?.apply(cache)
    const fitsApplied = applied !== undefined && applied !== cache
    cache = applied ?? cache
    // The plain snapshot is assembled from every metric's status (~50 ms at 10 000 metrics): in turns
    // of its own, not with the end of the history read and the engine's first step.
    await nextTurn()
    if (stopped) return result
    const snapshot = (await deps.baseSnapshot?.()) ?? computeSnapshot(estate, deps.cache.observations(at), at)
    await nextTurn()
    if (stopped) return result
    const next = await runSliced(
      computeEngineSteps({
        estate,
        settings: file.settings,
        history,
        drivers,
        snapshot,
        now: at,
        backend,
        versions,
        ...(cache ? { cache } : {}),
        fitBudget: deps.fits ? 0 : (deps.fitBudget ?? DEFAULT_FIT_BUDGET),
        ...(file.legend ? { legend: file.legend } : {}),
        ...(deps.plan ? { plan: deps.plan() } : {}),
      }),
    )
    cache = next.cache
    result = next
    base = snapshot
    if (next.stats.fitted > 0 || next.stats.backtested > 0 || fitsApplied) cacheFile.save(next.cache, next.stats.pending === 0)
    lastPassMs = Date.now() - started
    // What follows a pass, each on a turn of its own: at 10 000 metrics queueing the fits and each
    // listener's work are tens of ms apiece, which together held the loop ~300 ms after every pass.
    await nextTurn()
    deps.fits
      ?.schedule({ estate, settings: file.settings, history, drivers, snapshot, now: at, backend }, next.cache)
      .catch((err: unknown) => deps.log.error({ err }, 'queueing forecast fits failed; the next pass queues them again'))
    deps.log.debug({ why, ms: lastPassMs, ...next.stats, fitsQueued: deps.fits?.outstanding() }, 'capacity engine ran')
    for (const l of listeners) {
      await nextTurn()
      l(next)
    }
    if (!deps.fits) scheduleConvergence(next)
    return next
  }

  const runner = createCoalescingRunner(
    run,
    keepPrevious(deps.log, () => result, 'capacity engine run'),
  )
  const refresh = (why: string): Promise<EngineResult | null> => (stopped ? Promise.resolve(result) : runner.request(why))

  return {
    current: () => result,
    baseSnapshot: () => base,
    driverLevels: () => driverLevels(deps, now()),
    refresh,
    reset(why) {
      cache = undefined
      historySource.reset()
      return refresh(why)
    },
    noteWritten: (points) => historySource.noteWritten(points),
    fitsOutstanding: () => deps.fits?.outstanding() ?? 0,
    lastPassMs: () => lastPassMs,
    onResult(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start(intervalMs = 60_000) {
      void refresh('start')
      timer = setInterval(() => void refresh('every minute'), intervalMs)
      timer.unref()
    },
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      if (soon) clearTimeout(soon)
      if (fitRefresh) clearTimeout(fitRefresh)
      timer = soon = fitRefresh = null
      await runner.idle()
      await deps.fits?.close()
      await cacheFile.flushed()
    },
  }
}

/** Each driver's 24 h peak (or latest value) from the live cache: the level scenarios scale. */
function driverLevels(deps: Pick<EngineServiceDeps, 'cache' | 'estate'>, at: Date): Record<string, number> {
  const obs = deps.cache.observations(at)
  const out: Record<string, number> = {}
  for (const d of deps.estate().drivers) {
    const o = obs.get(seriesKey('drivers', d.id))
    const level = o?.peak24h ?? o?.latest?.value
    if (level !== undefined && level !== null) out[d.id] = level
  }
  return out
}
