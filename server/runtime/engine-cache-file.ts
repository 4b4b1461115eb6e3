// The engine's fitted forecasts, saved in the data dir and read back before
// the first run, so a restarted server answers with real models at once
// instead of refitting everything. Write-then-rename, so a crash mid-write
// never leaves a truncated file behind.
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { engineCacheText, restoreEngineCacheInSteps } from '../capacity/forecast/cache-codec.ts'
import type { EngineCache } from '../capacity/forecast/series-types.ts'
import type { Logger } from '../log.ts'
import { runSliced, slicer } from '../turns.ts'

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
      const bytes = await readFile(file).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err }, 'engine cache unreadable; refitting')
        return null
      })
      if (bytes === null) return undefined
      // A series per step, yielding every slice: 10 000 series are hundreds of MB of JSON to check.
      // Decoded a line at a time: the whole file as one string (144 MB at 10 000 series) was a second's
      // block on the event loop when it was first searched, and that much memory on top.
      const back = await runSliced(restoreEngineCacheInSteps(utf8Lines(bytes), file))
      if (!back.ok) return void log.warn(back.reason + '; refitting every series')
      for (const d of back.value.dropped) log.info(d.reason + '; refitting it')
      log.info({ series: back.value.cache.series.size }, 'engine cache restored')
      return back.value.cache
    },
    save(cache, force) {
      if (!file || (!force && Date.now() - savedAt < SAVE_EVERY_MS)) return
      savedAt = Date.now()
      saving = saving
        .then(async () => {
          await mkdir(dirname(file), { recursive: true })
          await writeSliced(`${file}.tmp`, engineCacheText(cache))
          await rename(`${file}.tmp`, file)
        })
        .catch((err: unknown) => log.warn({ err, file }, 'could not save the engine cache; a restart will refit'))
    },
    flushed: () => saving,
  }
}

/** The bytes' lines (split on "\n"), each decoded as UTF-8 when it is reached. */
function* utf8Lines(bytes: Buffer): Generator<string, void> {
  let at = 0
  for (;;) {
    const end = bytes.indexOf(0x0a, at)
    if (end < 0) return void (yield bytes.toString('utf8', at))
    yield bytes.toString('utf8', at, end)
    at = end + 1
  }
}

/**
 * Writes the pieces a megabyte at a time, yielding to the event loop every
 * slice of serialising: a 1 000-series cache is tens of MB of JSON, which
 * stringified at once would hold the loop for a second.
 */
async function writeSliced(path: string, pieces: Generator<string, void>): Promise<void> {
  const handle = await open(path, 'w')
  try {
    let buffer: string[] = []
    let size = 0
    const pause = slicer()
    for (const piece of pieces) {
      buffer.push(piece)
      size += piece.length
      if (size > 1 << 20) {
        await handle.write(buffer.join(''))
        buffer = []
        size = 0
      }
      await pause()
    }
    await handle.write(buffer.join(''))
  } finally {
    await handle.close()
  }
}
