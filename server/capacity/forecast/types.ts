// Types shared by the engine's forecasting functions. The numeric work of
// MSTL/ETS, changepoint and seasonality detection is done by @bsull/augurs
// (WASM), which needs files read at start-up; the engine must stay pure, so
// it receives those algorithms through this interface instead of importing them.

/** One observation: `at` as a Date or epoch milliseconds. */
export interface Point {
  at: Date | number
  value: number
}

/** One pre-aggregated bucket (as the store's rollups return them). */
export interface Bucket {
  at: Date | number
  mean: number
  max: number
}

/** A band forecast from a backend: point (P50) and upper bound of a central interval. */
export interface BackendForecast {
  point: number[]
  /** Lower/upper of the central interval at `level`; absent when the model cannot give one. */
  lower?: number[]
  upper?: number[]
}

/** The algorithms the engine borrows; server/runtime/augurs-backend.ts implements it. */
export interface ForecastBackend {
  /** MSTL decomposition with an AutoETS trend; `level` is the central interval (0.8 gives P10..P90). */
  mstl(values: readonly number[], periods: readonly number[], horizon: number, level: number): BackendForecast
  /** Non-seasonal AutoETS, for when no seasonality is found. */
  ets(values: readonly number[], horizon: number, level: number): BackendForecast
  /** Indices where a new regime starts (Bayesian online changepoint detection). */
  changepoints(values: readonly number[]): number[]
  /** Seasonal periods found in the series (in samples), strongest first. */
  seasonalities(values: readonly number[], minPeriod: number, maxPeriod: number): number[]
}

/** A value, or null with a sentence a person can act on. */
export type Maybe<T> = { ok: true; value: T } | { ok: false; reason: string }

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

export function toMs(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime()
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}
