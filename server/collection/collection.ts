// Live collection and start-up backfill. The live scheduler's sink never
// blocks; the backfill scheduler's sink waits for room in the pipeline so
// 30 days of history never pushes live points out. A config reload swaps
// the live scheduler for one built from the new entries.
import { createScheduler, type CollectorHealth, type Scheduler } from '../../collectors/scheduler.ts'
import type { Sample } from '../../collectors/types.ts'
import type { CollectorEntry, Estate } from '../config/schema.ts'
import type { WritePipeline } from '../ingest/pipeline.ts'
import type { Logger } from '../log.ts'
import { inTurns } from '../turns.ts'

/** Samples handed to the write pipeline at a time from a live round. */
const LIVE_CHUNK = 1000

export interface Collection {
  start(): void
  /** Replace the running collectors (config reload); the old ones stop first. */
  replace(entries: CollectorEntry[], estate: Estate): Promise<void>
  health(): CollectorHealth[]
  /** The entries the live scheduler runs (for GET /api/collectors: id, schedule, timeout; never shown: config). */
  entries(): readonly CollectorEntry[]
  /** Runs one collector now (POST /api/collectors/:id/run); throws naming the known ids for an unknown one. */
  runOnce(id: string): Promise<CollectorHealth>
  /** Every health change of the live scheduler (runs, skips); returns the unsubscribe. */
  onHealth(listener: (health: CollectorHealth) => void): () => void
  /** Fill [from, to) from every plugin that can, wait until it is stored; returns the sample count. */
  backfill(from: Date, to: Date, onProgress?: (done: number, total: number) => void): Promise<number>
  stop(): Promise<void>
}

export function createCollection(opts: {
  entries: CollectorEntry[]
  estate: Estate
  pipeline: WritePipeline
  log: Logger
  onAccepted: (count: number) => void
  /** The data directory, handed to plugins for their state (ctx.dataDir). */
  dataDir?: string
}): Collection {
  const { pipeline, log } = opts
  // A round's samples go to the pipeline a chunk at a time, a slice of the event loop at a time: at
  // 10 000 metrics a round is 10 000 samples, and validating and spooling them in one go was a
  // 30–50 ms turn. A round of a smaller estate still goes in before the sink returns.
  // Counted as accepted chunk by chunk as each goes in (on disk, with a spool), not when the round
  // arrives: a kill meanwhile loses only what was never counted.
  const toPipeline = inTurns<Sample>({
    apply: (samples) => {
      opts.onAccepted(samples.length)
      pipeline.push(samples)
    },
    chunk: LIVE_CHUNK,
    onError: (err) => log.error({ err }, 'write pipeline refused samples'),
  })
  const liveSink = (samples: Sample[]): void => toPipeline.push(samples)
  const healthListeners = new Set<(health: CollectorHealth) => void>()
  const build = (entries: CollectorEntry[], estate: Estate): Scheduler =>
    createScheduler({
      entries,
      estate,
      ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
      log: log.child({ module: 'collectors' }),
      sink: liveSink,
      onHealth: (h) => {
        for (const listener of healthListeners) listener(h)
      },
    })

  let live = build(opts.entries, opts.estate)
  let started = false
  let entries = opts.entries
  let estate = opts.estate

  return {
    start() {
      started = true
      live.start()
    },
    async replace(nextEntries, nextEstate) {
      await live.stop()
      entries = nextEntries
      estate = nextEstate
      live = build(entries, estate)
      if (started) live.start()
    },
    health: () => live.health(),
    entries: () => entries,
    runOnce: (id) => live.runOnce(id),
    onHealth(listener) {
      healthListeners.add(listener)
      return () => healthListeners.delete(listener)
    },
    async backfill(from, to, onProgress) {
      const pending = new Set<Promise<void>>()
      const backfiller = createScheduler({
        entries,
        estate,
        log: log.child({ module: 'backfill' }),
        sink: (samples) => {
          opts.onAccepted(samples.length)
          const p = pipeline.pushBulk(samples).finally(() => pending.delete(p))
          pending.add(p)
          // Backfill waits on this (Accumulator.room) so it never runs far ahead of the store.
          return p
        },
      })
      const count = await backfiller.backfill(from, to, onProgress)
      await Promise.all(pending)
      await pipeline.flush()
      return count
    },
    async stop() {
      await live.stop()
      // The rounds already taken reach the pipeline before it closes.
      await toPipeline.drained()
    },
  }
}
