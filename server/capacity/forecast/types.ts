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

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/**
 * The name of each day number met so far: 10 000 forecasts name the same 180 days every pass
 * (1.8 M calls), and an integer lookup skips building and hashing the string each time.
 */
const namesByIndex = new Map<number, string>()

/**
 * The UTC calendar day of an instant, YYYY-MM-DD. Computed from the day number (H. Hinnant's
 * civil-from-days) rather than through Date and toISOString: the engine names every daily peak of
 * every series each pass, and at 1 000 metrics the Date round trip was tens of ms of event loop.
 */
export function isoDay(ms: number): string {
  const index = Math.floor(ms / DAY_MS)
  const known = namesByIndex.get(index)
  if (known !== undefined) return known
  const z = index + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  // Four-digit years only; anything else (or NaN) as toISOString writes or rejects it.
  if (!(year >= 1000 && year <= 9999)) return new Date(ms).toISOString().slice(0, 10)
  const name = internDay(`${year}-${pad2(month)}-${pad2(day)}`)
  if (namesByIndex.size >= 20_000) namesByIndex.clear()
  namesByIndex.set(index, name)
  return name
}

const runs = new Map<string, readonly string[]>()

/**
 * The names of the `count` days after the day of `ms`: every forecast made on the same day
 * shares one list (10 000 forecasts x 180 days named one by one were half a second a pass).
 */
export function daysAfter(ms: number, count: number): readonly string[] {
  const key = `${Math.floor(ms / DAY_MS)}|${count}`
  const known = runs.get(key)
  if (known) return known
  const names = Array.from({ length: count }, (_, h) => isoDay(ms + (h + 1) * DAY_MS))
  if (runs.size >= 64) runs.clear()
  runs.set(key, names)
  return names
}

const dayNames = new Map<string, string>()

/**
 * One string per calendar day for the whole process. 10 000 forecasts of 180 days name the same
 * few hundred days; as separate strings they were 2 M copies, 63 MB of the heap. A memo, bounded.
 */
export function internDay(day: string): string {
  const known = dayNames.get(day)
  if (known !== undefined) return known
  if (dayNames.size >= 20_000) dayNames.clear()
  dayNames.set(day, day)
  return day
}
