// One storage interface, two implementations (embedded DuckDB, InfluxDB),
// one contract test suite (tests/contract/) run against both.
import type { Sample } from '../../collectors/types.ts'
import type { StateStore } from './state-types.ts'

/** A stored point has exactly the shape of a collected sample. */
export type Point = Sample

export interface SeriesKey {
  app: string
  metric: string
  tags?: Record<string, string>
}

export interface LatestValue extends SeriesKey {
  value: number
  at: Date
}

export interface RangeQuery {
  app: string
  metric: string
  from: Date
  to: Date
  /** Bucket width in milliseconds; buckets are aligned to multiples of it since the epoch. */
  stepMs: number
  /** When given, only points carrying all these tags; otherwise all series of app/metric merged. */
  tags?: Record<string, string>
  /**
   * Leave out points carrying any one of these tag values, e.g.
   * `{ source: 'perf-test' }`: imported limit evidence is stored under the
   * metric's own app/metric and must not read as load in merged history.
   */
  excludeTags?: Record<string, string>
}

export interface Bucket {
  /** Bucket start. */
  at: Date
  mean: number
  max: number
  count: number
}

/** Buckets of many series in one query (the engine's inputs): see Store.aggregate(). */
export interface AggregateQuery {
  from: Date
  to: Date
  /** Bucket width in ms; buckets start at multiples of it since the epoch, shifted by `offsetMs`. */
  stepMs: number
  /** Moves bucket starts by this much (e.g. -60 min puts daily buckets on local midnight at UTC+1); default 0. */
  offsetMs?: number
  /** Only these app/metric pairs; omit for every series in the store. */
  series?: readonly { app: string; metric: string }[]
  /** Leave out points carrying any one of these tag values (see RangeQuery.excludeTags). */
  excludeTags?: Record<string, string>
}

/** Aggregate buckets per 'app/metric' (every tag set merged), each list ascending; series without points are absent. */
export type AggregateResult = Map<string, Bucket[]>

/** Series plus keyed state documents and the audit trail (state-types.ts). */
export interface Store extends StateStore {
  /** Human-readable kind for logs and /api/health: "duckdb" | "influxdb". */
  readonly kind: string
  /** Create schema / database / retention policy if missing. */
  init(): Promise<void>
  write(points: readonly Point[]): Promise<void>
  /** Latest value of every series; with `since`, only series with a point at or after it (a cheap poll). */
  latest(since?: Date): Promise<LatestValue[]>
  /** Buckets in [from, to) with at least one point, ascending by time. */
  range(query: RangeQuery): Promise<Bucket[]>
  /**
   * Buckets of many series from ONE store query (DuckDB GROUP BY, InfluxQL
   * GROUP BY time(), "app", "metric"), read in chunks so the event loop stays
   * free: the engine's daily peaks and the observation seed, instead of one
   * range() per series.
   */
  aggregate(query: AggregateQuery): Promise<AggregateResult>
  listSeries(): Promise<SeriesKey[]>
  /** Time of the newest point for app/metric, or null; used to decide how much to backfill. */
  newest(app: string, metric: string): Promise<Date | null>
  /**
   * Resolves when the store answers within `timeoutMs`, rejects with the reason
   * otherwise. Cheap (InfluxDB: GET /ping): health checks and the fail-fast
   * read guard call it while a slow request is pending.
   */
  ping(timeoutMs: number): Promise<void>
  /**
   * Stores that keep raw points for a limited time (DuckDB with a retention)
   * drop what is older, rollups first brought up to date. InfluxDB has its
   * own retention policy and leaves this out.
   */
  prune?(now: Date): Promise<PruneResult>
  /** The retention `prune` applies, for /api/health and the logs. */
  readonly retention?: Retention
  close(): Promise<void>
}

/** How long a store keeps raw points and rollups (DuckDB; see duckdb-retention.ts). */
export interface Retention {
  /** Raw points younger than this many days are kept. */
  rawDays: number
  hourlyDays: number
  dailyDays: number
  /** Series kept raw whatever their age: these apps, and points carrying any of these tag values. */
  keep?: { apps?: readonly string[]; tags?: Readonly<Record<string, string>> }
}

export interface PruneResult {
  /** Points and rollup rows removed. */
  points: number
  hourly: number
  daily: number
  /** The cut-offs applied (ISO). */
  rawBefore: string
  hourlyBefore: string
  dailyBefore: string
}
