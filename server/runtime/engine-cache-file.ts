// The engine's fitted forecasts, saved in the data dir and read back before
// the first run, so a restarted server answers with real models at once
// instead of refitting everything. Write-then-rename, so a crash mid-write
// never leaves a truncated file behind.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { restoreEngineCache, serialiseEngineCache } from '../capacity/forecast/cache-codec.ts'
import type { EngineCache } from '../capacity/forecast/series-types.ts'
import type { Logger } from '../log.ts'

/** While models are being fitted, rewrite the file at most this often (and once more when all have converged). */
const SAVE_EVERY_MS = 60_000

export interface EngineCacheFile {
  /** The saved cache; undefined on a cold start (no file) or when the file is unreadable (logged). */
  restore(): Promise<EngineCache | undefined>
  /** Saves at most once a minute unless `force`. */
  save(cache: EngineCache, force: boolean): void
  /** Resolves when every save asked for so far has finished. */
  flushed(): Promise<void>
}

export function createEngineCacheFile(file: string | undefined, log: Logger): EngineCacheFile {
  let savedAt = 0
  let saving: Promise<void> = Promise.resolve()
  return {
    async restore() {
      if (!file) return undefined
      const text = await readFile(file, 'utf8').catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err }, 'engine cache unreadable; refitting')
        return null
      })
      if (text === null) return undefined
      const back = restoreEngineCache(text, file)
      if (!back.ok) return void log.warn(back.reason + '; refitting every series')
      for (const d of back.value.dropped) log.info(d.reason + '; refitting it')
      log.info({ series: back.value.cache.series.size }, 'engine cache restored')
      return back.value.cache
    },
    save(cache, force) {
      if (!file || (!force && Date.now() - savedAt < SAVE_EVERY_MS)) return
      savedAt = Date.now()
      const text = serialiseEngineCache(cache)
      saving = saving
        .then(async () => {
          await mkdir(dirname(file), { recursive: true })
          await writeFile(`${file}.tmp`, text)
          await rename(`${file}.tmp`, file)
        })
        .catch((err: unknown) => log.warn({ err, file }, 'could not save the engine cache; a restart will refit'))
    },
    flushed: () => saving,
  }
}
