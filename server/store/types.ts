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
  /**
   * Leave out points carrying any of these tag keys, whatever the value, e.g.
   * `['environment']`: samples from a perf-test rig are tagged with their
   * environment and must never read as live load; live samples have no such tag.
   */
  excludeTagKeys?: readonly string[]
}

export interface Bucket {
  /** Bucket start. */
  at: Date
  mean: number
  max: number
  count: number
}

/** Series plus keyed state documents and the audit trail (state-types.ts). */
export interface Store extends StateStore {
  /** Human-readable kind for logs and /api/health: "duckdb" | "influxdb". */
  readonly kind: string
  /** Create schema / database / retention policy if missing. */
  init(): Promise<void>
  write(points: readonly Point[]): Promise<void>
  /** Latest value of every series. */
  latest(): Promise<LatestValue[]>
  /** Buckets in [from, to) with at least one point, ascending by time. */
  range(query: RangeQuery): Promise<Bucket[]>
  listSeries(): Promise<SeriesKey[]>
  /** Time of the newest point for app/metric, or null; used to decide how much to backfill. */
  newest(app: string, metric: string): Promise<Date | null>
  close(): Promise<void>
}
