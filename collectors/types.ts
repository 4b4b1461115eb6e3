// The collector plugin contract, after Telegraf's inputs: a plugin gathers
// samples into an accumulator; the agent (scheduler + write pipeline) owns
// scheduling, batching, retries and the store. Plugins never import the
// store or node-cron.
import type { Logger } from 'pino'
import type { Estate } from '../server/config/schema.ts'

/** One observed value of one metric of one application at one time. */
export interface Sample {
  app: string
  metric: string
  value: number
  at: Date
  /** Optional low-cardinality tags such as site or node. */
  tags?: Record<string, string>
}

export interface Accumulator {
  add(sample: Sample): void
  /** One target failed; the others go on. Put the target in the message. */
  addError(err: Error): void
  /**
   * Backfill only: resolves when the samples added so far have room in the
   * write pipeline. A plugin generating history in a loop awaits it between
   * chunks, so a long backfill streams into the store in bounded memory
   * instead of piling up ahead of it.
   */
  room?(): Promise<void>
}

export interface CollectorContext {
  /** Collector id from collectors.yaml, e.g. "sim" or "prom-core". */
  id: string
  log: Logger
  /** Aborted when the run exceeds its timeout or the process stops. */
  signal: AbortSignal
  now: () => Date
  /** The estate as loaded, for plugins (like the simulator) that model it. */
  estate: Estate
  /**
   * The server's data directory (HEADROOM_DATA_DIR), for plugins that keep
   * state (the csv collector's list of imported files): relative state paths
   * resolve against it, so state lives with the data and not wherever the
   * process happened to start. Absent in contexts built without settings.
   */
  dataDir?: string
}

/** Result of a config parse: the value, or every problem with its path. */
export type ParseResult<C> = { ok: true; value: C } | { ok: false; issues: ConfigIssue[] }

export interface ConfigIssue {
  /** Path inside the plugin's `config:` block, e.g. ["queries", 2, "expr"]. */
  path: (string | number)[]
  message: string
}

export interface CollectorPlugin<C = unknown> {
  /** Matches the folder name under collectors/plugins/, e.g. "http-json". */
  readonly type: string
  /** Every problem at once, with paths relative to the `config:` block. */
  parseConfig(raw: unknown): ParseResult<C>
  init?(config: C, ctx: CollectorContext): Promise<void>
  collect(config: C, acc: Accumulator, ctx: CollectorContext): Promise<void>
  /**
   * Optional history for start-up backfill: samples for [from, to).
   * The simulator implements this so a fresh start has charts to show.
   */
  backfill?(config: C, from: Date, to: Date, acc: Accumulator, ctx: CollectorContext): Promise<void>
  close?(): Promise<void>
}
