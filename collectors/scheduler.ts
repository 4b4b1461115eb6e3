// Runs every enabled collector on its own node-cron schedule. Each tick only
// *starts* a run and returns, so one collector's hang or crash can never
// delay another's. Per collector: at most one run at a time (a tick during a
// run is skipped and counted), a timeout that aborts the run's signal,
// exponential backoff with jitter after failures, and a health record.
import { setMaxListeners } from 'node:events'
import { createTask, type ScheduledTask } from 'node-cron'
import type { Logger } from 'pino'
import { durationMs, type CollectorEntry, type Estate } from '../server/config/schema.ts'
import { backfillAll, type BackfillProgress, type BackfillSource } from './backfill.ts'
import { backoffDelayMs, defaultBackoff, type BackoffPolicy } from './backoff.ts'
import { newHealthRecord, recordOutcome, snapshotHealth, type CollectorHealth, type HealthRecord } from './health.ts'
import { plugins } from './registry.ts'
import { startRun } from './run-collector.ts'
import type { CollectorContext, CollectorPlugin, Sample } from './types.ts'
import { validateCollectorEntries } from './validate-entries.ts'
import { redactText } from '../server/security/redact.ts'

export type { CollectorHealth, CollectorState } from './health.ts'
export { validateCollectorEntries } from './validate-entries.ts'
export { shardOf, selectShard, parseShard } from './shard.ts'

export interface SchedulerOptions {
  entries: CollectorEntry[]
  estate: Estate
  log: Logger
  /** Receives each run's samples as one array (backfill: chunks of a few thousand; a returned promise is backfill's back-pressure). */
  sink: (samples: Sample[]) => unknown
  now?: () => Date
  onHealth?: (health: CollectorHealth) => void
  backoff?: BackoffPolicy
  /** [0, 1) source for backoff jitter; tests pass a fixed one. */
  random?: () => number
  /** Plugins to look types up in; defaults to collectors/registry.ts. */
  plugins?: readonly CollectorPlugin[]
  /** Handed to plugins as ctx.dataDir (see CollectorContext). */
  dataDir?: string
}

export interface Scheduler {
  start(): void
  stop(): Promise<void>
  /** Runs one collector now, ignoring its backoff (a tick while it runs is still refused). */
  runOnce(id: string): Promise<CollectorHealth>
  backfill(from: Date, to: Date, onProgress?: BackfillProgress): Promise<number>
  health(): CollectorHealth[]
}

interface Slot {
  entry: CollectorEntry
  plugin: CollectorPlugin
  config: unknown
  timeoutMs: number
  record: HealthRecord
  initialised: boolean
  /** Set from the start of a run until the plugin's own promise settles. */
  inFlight: Promise<void> | null
  /** Resolves when the scheduler has recorded the run's outcome. */
  current: Promise<CollectorHealth> | null
  task: ScheduledTask | null
}

/** Throws when an entry has an unknown type or a bad config: the loader should have refused it first. */
export function createScheduler(opts: SchedulerOptions): Scheduler {
  const available = opts.plugins ?? plugins
  const issues = validateCollectorEntries(opts.entries, available)
  if (issues.length > 0) {
    const lines = issues.map((i) => `collectors.yaml ${i.path.join('.')}: ${i.message}`)
    throw new Error(`cannot schedule collectors:\n${lines.join('\n')}`)
  }
  const now = opts.now ?? (() => new Date())
  const clock = (): number => now().getTime()
  const policy = opts.backoff ?? defaultBackoff
  const random = opts.random ?? Math.random
  const stopping = new AbortController()
  // Every in-flight run listens on this one signal; 200 collectors on the same
  // tick are normal, not a leak, so Node's 10-listener warning does not apply.
  setMaxListeners(0, stopping.signal)
  const log = opts.log

  const slots = new Map<string, Slot>()
  for (const entry of opts.entries) {
    const plugin = available.find((p) => p.type === entry.type)
    const parsed = plugin?.parseConfig(entry.config ?? {})
    // Unreachable after validateCollectorEntries; narrows the types.
    if (!plugin || !parsed?.ok) throw new Error(`collector "${entry.id}": unknown type or invalid config`)
    slots.set(entry.id, {
      entry,
      plugin,
      config: parsed.value,
      timeoutMs: durationMs(entry.timeout),
      record: newHealthRecord(entry.id, entry.type, entry.enabled, entry.schedule),
      initialised: false,
      inFlight: null,
      current: null,
      task: null,
    })
  }

  const notify = (slot: Slot): CollectorHealth => {
    const h = snapshotHealth(slot.record, clock())
    opts.onHealth?.(h)
    return h
  }

  const contextFor = (slot: Slot, signal: AbortSignal): CollectorContext => ({
    id: slot.entry.id,
    log: log.child({ collector: slot.entry.id }),
    signal,
    now,
    estate: opts.estate,
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
  })

  const ensureInit = async (slot: Slot, signal: AbortSignal): Promise<void> => {
    if (slot.initialised || !slot.plugin.init) return
    await slot.plugin.init(slot.config, contextFor(slot, signal))
    slot.initialised = true
  }

  const execute = (slot: Slot): Promise<CollectorHealth> => {
    const r = slot.record
    const started = clock()
    r.running = true
    r.lastRunAt = started
    notify(slot)
    const run = startRun({
      id: slot.entry.id,
      timeoutMs: slot.timeoutMs,
      timeoutText: slot.entry.timeout,
      parentSignal: stopping.signal,
      run: async (acc, signal) => {
        await ensureInit(slot, signal)
        await slot.plugin.collect(slot.config, acc, contextFor(slot, signal))
      },
    })
    slot.inFlight = run.settled.then(() => {
      slot.inFlight = null
    })
    const current = run.outcome.then((outcome) => {
      const ended = clock()
      if (outcome.samples.length > 0) {
        try {
          opts.sink(outcome.samples)
        } catch (err) {
          log.error({ err, collector: slot.entry.id }, 'sink refused samples')
        }
      }
      const { failed, last } = recordOutcome(r, outcome, started, ended, (n) => backoffDelayMs(n, policy, random))
      if (failed) {
        const retryAt = new Date(r.nextAttemptAt ?? ended)
        log.warn({ collector: slot.entry.id, failures: r.consecutiveFailures, retryAt }, last?.message ?? 'run failed')
      } else {
        for (const err of outcome.errors) log.warn({ collector: slot.entry.id }, err.message)
      }
      slot.current = null
      return notify(slot)
    })
    slot.current = current
    return current
  }

  const tick = (slot: Slot): void => {
    const r = slot.record
    if (slot.inFlight) {
      r.skippedOverlaps += 1
      notify(slot)
      return
    }
    if (r.lastFailed && r.nextAttemptAt !== null && clock() < r.nextAttemptAt) {
      r.skippedBackoff += 1
      notify(slot)
      return
    }
    void execute(slot)
  }

  const cronLogger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error) => log.error(m instanceof Error ? { err: m } : {}, String(m)),
    debug: (m: string | Error) => log.debug(String(m)),
  }

  return {
    start() {
      for (const slot of slots.values()) {
        if (!slot.entry.enabled || slot.task) continue
        slot.task = createTask(slot.entry.schedule, () => tick(slot), {
          name: `collector:${slot.entry.id}`,
          logger: cronLogger,
        })
        void slot.task.start()
      }
      log.info({ collectors: [...slots.values()].filter((s) => s.task).map((s) => s.entry.id) }, 'collectors scheduled')
    },

    async stop() {
      for (const slot of slots.values()) {
        if (!slot.task) continue
        await slot.task.stop()
        await slot.task.destroy()
        slot.task = null
      }
      stopping.abort(new Error('scheduler stopped'))
      await Promise.all([...slots.values()].map((s) => s.current))
      const closers = [...new Set([...slots.values()].map((s) => s.plugin))].map(async (plugin) => {
        try {
          await plugin.close?.()
        } catch (err) {
          log.warn({ err, type: plugin.type }, 'collector plugin failed to close')
        }
      })
      await Promise.all(closers)
    },

    async runOnce(id) {
      const slot = slots.get(id)
      if (!slot) throw new Error(`unknown collector id "${id}"; known: ${[...slots.keys()].join(', ')}`)
      if (slot.inFlight) {
        slot.record.skippedOverlaps += 1
        return notify(slot)
      }
      return execute(slot)
    },

    backfill(from, to, onProgress) {
      const sources: BackfillSource[] = [...slots.values()]
        .filter((s) => s.entry.enabled)
        .map((s) => ({
          entry: s.entry,
          plugin: s.plugin,
          config: s.config,
          ensureInit: (signal) => ensureInit(s, signal),
          onError: (err) => {
            s.record.errorCount += 1
            s.record.lastError = { at: clock(), message: redactText(err.message) }
            log.warn({ collector: s.entry.id }, err.message)
          },
        }))
      return backfillAll({
        sources,
        from,
        to,
        estate: opts.estate,
        log,
        now,
        signal: stopping.signal,
        sink: opts.sink,
        onProgress,
      })
    },

    health() {
      const t = clock()
      return [...slots.values()].map((s) => snapshotHealth(s.record, t))
    },
  }
}
