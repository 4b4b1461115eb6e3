// A forecast's days as three columns: day names, P50 and P90. As one object
// per day ({date, p50, p90}) 10 000 forecasts of 180 days were 1.8 M objects
// and two boxed numbers each, about 150 MB of a 10 000-metric server's heap
// and the bulk of what its collector had to trace; as columns they are two
// arrays of unboxed numbers per forecast and one list of day names shared by
// every forecast made the same day. Responses to people still carry days.
import { DAY_MS, daysAfter } from './types.ts'

export interface ForecastDay {
  date: string
  p50: number
  p90: number
}

export interface ForecastBand {
  /** The days, the first the day after the last complete day of history: one list per day made (daysAfter). */
  readonly dates: readonly string[]
  readonly p50: readonly number[]
  readonly p90: readonly number[]
}

export const EMPTY_BAND: ForecastBand = { dates: [], p50: [], p90: [] }

/** The band as a list of days, for responses and for people reading a forecast. */
export function bandDays(band: ForecastBand): ForecastDay[] {
  return band.dates.map((date, h) => ({ date, p50: band.p50[h] as number, p90: band.p90[h] as number }))
}

/** Consecutive days from the day after `lastMs`, with `p50` and `p90` for each. */
export function bandAfter(lastMs: number, p50: readonly number[], p90: readonly number[]): ForecastBand {
  return { dates: daysAfter(lastMs, p50.length), p50, p90 }
}

/** A band made from a list of days (summed group forecasts, tests); its dates are shared when they run on day by day. */
export function bandOfDays(days: readonly ForecastDay[]): ForecastBand {
  return shareBandDates({ dates: days.map((d) => d.date), p50: days.map((d) => d.p50), p90: days.map((d) => d.p90) })
}

/**
 * The band with its day names pointed at the process's one list for its days (daysAfter), when they
 * run on day by day: a band that arrives from a fit worker or a saved cache brings a fresh list of
 * names for every forecast.
 */
export function shareBandDates(band: ForecastBand): ForecastBand {
  const first = band.dates[0]
  if (first === undefined) return band
  const firstMs = Date.parse(`${first}T00:00:00Z`)
  // Not a calendar day (a hand-edited cache file): nothing to share it with.
  if (!Number.isFinite(firstMs)) return band
  const shared = daysAfter(firstMs - DAY_MS, band.dates.length)
  if (shared === band.dates) return band
  for (let h = 0; h < shared.length; h++) if (shared[h] !== band.dates[h]) return band
  return { ...band, dates: shared }
}
