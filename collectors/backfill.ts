// Start-up history from every collector whose plugin can produce it (the
// simulator). Collectors run one after another so a 2-core machine keeps
// serving; samples reach the sink in chunks, not one 300k-element array.
import type { Logger } from 'pino'
import type { CollectorEntry, Estate } from '../server/config/schema.ts'
import type { Accumulator, CollectorPlugin, Sample } from './types.ts'

export interface BackfillSource {
  entry: CollectorEntry
  plugin: CollectorPlugin
  config: unknown
  /** Runs the plugin's init() once if it has not run yet. */
  ensureInit: (signal: AbortSignal) => Promise<void>
  onError: (err: Error) => void
}

export type BackfillProgress = (done: number, total: number) => void

const CHUNK = 5000
/** Chunks handed to the sink and not yet stored before room() makes the plugin wait. */
const AHEAD = 2

export async function backfillAll(opts: {
  sources: BackfillSource[]
  from: Date
  to: Date
  estate: Estate
  log: Logger
  now: () => Date
  signal: AbortSignal
  /** May return a promise that settles once the chunk is stored: backfill waits for it (see Accumulator.room). */
  sink: (samples: Sample[]) => unknown
  onProgress?: BackfillProgress
}): Promise<number> {
  const { from, to } = opts
  const span = Math.max(1, to.getTime() - from.getTime())
  const sources = opts.sources.filter((s) => s.plugin.backfill)
  let done = 0
  const failures: string[] = []

  for (const [index, source] of sources.entries()) {
    const backfill = source.plugin.backfill
    if (!backfill) continue
    let buffer: Sample[] = []
    let latest = from.getTime()
    const unstored = new Set<Promise<void>>()
    const flush = (): void => {
      if (buffer.length === 0) return
      const stored = opts.sink(buffer)
      if (stored instanceof Promise) {
        const p: Promise<void> = stored.then(
          () => undefined,
          () => undefined,
        )
        void p.finally(() => unstored.delete(p))
        unstored.add(p)
      }
      done += buffer.length
      buffer = []
      // Progress by time covered: the total is an estimate until the end.
      const fraction = (index + Math.min(1, (latest - from.getTime()) / span)) / sources.length
      if (fraction > 0) opts.onProgress?.(done, Math.max(done, Math.round(done / fraction)))
    }
    const acc: Accumulator = {
      add(sample) {
        buffer.push(sample)
        if (sample.at.getTime() > latest) latest = sample.at.getTime()
        if (buffer.length >= CHUNK) flush()
      },
      addError(err) {
        source.onError(err)
      },
      async room() {
        while (unstored.size >= AHEAD) await Promise.race(unstored)
      },
    }
    const ctx = {
      id: source.entry.id,
      log: opts.log.child({ collector: source.entry.id }),
      signal: opts.signal,
      now: opts.now,
      estate: opts.estate,
    }
    try {
      await source.ensureInit(opts.signal)
      await backfill.call(source.plugin, source.config, from, to, acc, ctx)
      flush()
    } catch (err) {
      flush()
      const message = err instanceof Error ? err.message : String(err)
      failures.push(`[collector=${source.entry.id}] backfill failed: ${message}`)
      source.onError(new Error(`[collector=${source.entry.id}] backfill failed: ${message}`))
      if (opts.signal.aborted) break
    }
  }
  opts.onProgress?.(done, done)
  if (failures.length > 0) throw new Error(`${failures.join('; ')} (${done} samples were written)`)
  return done
}
