// Runs the pure capacity engine against the store on a cadence: every minute,
// after backfill, on config reload. It owns what the engine may not: the
// clock, the store reads and the WASM backend. Runs are serialised (a refresh
// asked for during a run is done once, after it), and the event loop stays
// responsive: store reads are awaited one series at a time and model fits per
// run are capped (fitBudget), so a cold start converges over a few quick runs
// instead of blocking for seconds.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { restoreEngineCache, serialiseEngineCache } from './capacity/forecast/cache-codec.ts'
import { computeEngine } from './capacity/engine.ts'
import type { EngineCache } from './capacity/forecast/series-types.ts'
import type { EngineResult } from './capacity/snapshot/engine-result.ts'
import type { Bucket, ForecastBackend } from './capacity/forecast/types.ts'
import { computeSnapshot, seriesKey } from './capacity/snapshot/snapshot.ts'
import type { CapacitySnapshot } from './capacity/snapshot/types.ts'
import type { ObservationCache } from './cache/observations.ts'
import type { EngineFile } from './config/engine-file.ts'
import type { Estate } from './config/schema.ts'
import { augursBackend } from './forecasting/augurs.ts'
import type { Logger } from './log.ts'
import type { Store } from './store/types.ts'
import { NOT_LOAD } from './engine/load-tags.ts'

export const HISTORY_DAYS = 90
const HOUR_MS = 3_600_000
/**
 * Model fits per run. bench/engine measures ~5 ms of CPU per MSTL fit on this
 * machine (1 000 series cold ≈ 5 s), so 100 fits block for about half a
 * second: a cold estate of ~30 metrics converges in one run, a 1 000-metric
 * one in about ten, and the socket never waits a whole second.
 */
// Issue 8: one fit is now a portfolio selection (~60–100 ms with its rolling back-test), so 10 keep a run near a second.
export const DEFAULT_FIT_BUDGET = 10
/** While models are being fitted, rewrite the saved cache at most this often (and once more when all have converged). */
const SAVE_EVERY_MS = 60_000
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
  /**
   * Where the fitted forecasts are saved (serialiseEngineCache) and read back
   * at start, so a restarted server answers with real models at once instead
   * of refitting everything. Omit to keep the cache in memory only.
   */
  cacheFile?: string
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
  start(intervalMs?: number): void
  stop(): Promise<void>
}

export function createEngineService(deps: EngineServiceDeps): EngineService {
  const now = deps.now ?? (() => new Date())
  const listeners = new Set<(r: EngineResult) => void>()
  let result: EngineResult | null = null
  let base: CapacitySnapshot | null = null
  let cache: EngineCache | undefined
  let running: Promise<EngineResult | null> | null = null
  let again: string | null = null
  let timer: NodeJS.Timeout | null = null
  let soon: NodeJS.Timeout | null = null
  let stopped = false
  let backend: ForecastBackend | null = deps.backend ?? null
  let restored: Promise<void> | null = null
  let savedAt = 0
  let saving: Promise<void> = Promise.resolve()

  /** Once, before the first run: a missing file is a cold start; a bad one is logged and refitted. */
  function restoreOnce(): Promise<void> {
    restored ??= (async () => {
      if (!deps.cacheFile) return
      const text = await readFile(deps.cacheFile, 'utf8').catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') deps.log.warn({ err }, 'engine cache unreadable; refitting')
        return null
      })
      if (text === null) return
      const back = restoreEngineCache(text, deps.cacheFile)
      if (!back.ok) return void deps.log.warn(back.reason + '; refitting every series')
      cache = back.value.cache
      for (const d of back.value.dropped) deps.log.info(d.reason + '; refitting it')
      deps.log.info({ series: back.value.cache.series.size }, 'engine cache restored')
    })()
    return restored
  }

  /** Write-then-rename, so a crash mid-write never leaves a truncated cache behind. */
  function save(next: EngineResult, force: boolean): void {
    const file = deps.cacheFile
    if (!file || (!force && Date.now() - savedAt < SAVE_EVERY_MS)) return
    savedAt = Date.now()
    const text = serialiseEngineCache(next.cache)
    saving = saving
      .then(async () => {
        await mkdir(dirname(file), { recursive: true })
        await writeFile(`${file}.tmp`, text)
        await rename(`${file}.tmp`, file)
      })
      .catch((err: unknown) => deps.log.warn({ err, file }, 'could not save the engine cache; a restart will refit'))
  }

  async function readHistory(
    estate: Estate,
    at: Date,
  ): Promise<{ history: Map<string, Bucket[]>; drivers: Map<string, Bucket[]> }> {
    const to = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS)
    const from = new Date(to.getTime() - HISTORY_DAYS * 24 * HOUR_MS)
    const history = new Map<string, Bucket[]>()
    const drivers = new Map<string, Bucket[]>()
    for (const app of estate.applications) {
      for (const m of app.metrics) {
        if (stopped) return { history, drivers }
        history.set(
          seriesKey(app.id, m.id),
          await deps.store.range({ app: app.id, metric: m.id, from, to, stepMs: HOUR_MS, excludeTags: NOT_LOAD }),
        )
      }
    }
    for (const d of estate.drivers)
      drivers.set(seriesKey('drivers', d.id), await deps.store.range({ app: 'drivers', metric: d.id, from, to, stepMs: HOUR_MS }))
    return { history, drivers }
  }

  async function run(why: string): Promise<EngineResult | null> {
    await restoreOnce()
    const started = Date.now()
    const at = now()
    const estate = deps.estate()
    const file = deps.engine()
    const { history, drivers } = await readHistory(estate, at)
    if (stopped) return result
    backend ??= augursBackend()
    const snapshot = computeSnapshot(estate, deps.cache.observations(at), at)
    const next = computeEngine({
      estate,
      settings: file.settings,
      history,
      drivers,
      snapshot,
      now: at,
      backend,
      ...(cache ? { cache } : {}),
      fitBudget: deps.fitBudget ?? DEFAULT_FIT_BUDGET,
      ...(file.legend ? { legend: file.legend } : {}),
    })
    cache = next.cache
    result = next
    base = snapshot
    if (next.stats.fitted > 0 || next.stats.backtested > 0) save(next, next.stats.pending === 0)
    deps.log.debug({ why, ms: Date.now() - started, ...next.stats }, 'capacity engine ran')
    for (const l of listeners) l(next)
    if (next.stats.pending > 0 && !stopped) {
      if (soon) clearTimeout(soon)
      soon = setTimeout(() => void refresh('converging provisional forecasts'), CONVERGE_MS)
      soon.unref()
    }
    return next
  }

  function refresh(why: string): Promise<EngineResult | null> {
    if (stopped) return Promise.resolve(result)
    if (running) {
      again = why
      return running.then(() => (running ? running : refresh(why)))
    }
    running = run(why)
      .catch((err: unknown) => {
        deps.log.error({ err, why }, 'capacity engine run failed; the previous result stays in force')
        return result
      })
      .finally(() => {
        running = null
        if (again !== null) {
          const w = again
          again = null
          void refresh(w)
        }
      })
    return running
  }

  return {
    current: () => result,
    baseSnapshot: () => base,
    driverLevels() {
      const obs = deps.cache.observations(now())
      const out: Record<string, number> = {}
      for (const d of deps.estate().drivers) {
        const o = obs.get(seriesKey('drivers', d.id))
        const level = o?.peak24h ?? o?.latest?.value
        if (level !== undefined && level !== null) out[d.id] = level
      }
      return out
    },
    refresh,
    reset(why) {
      cache = undefined
      return refresh(why)
    },
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
      timer = soon = null
      await running
      await saving
    },
  }
}
