// Capability 8 as figures: per metric, a load model fitted from hourly
// actuals (metric vs drivers, least squares) beside the configured one, and
// each imported driver forecast turned into a projected daily peak load and
// the date it reaches the breakpoint. Pure: buckets, config and `today` in.
//
// Why hours: the load model is "value at an hour = base + Σ c × driver rate
// that hour" (driver rates are per hour in estate.yaml), so it is fitted on
// hourly means. Forecasts come per day, so a day's driver value is spread
// over the hours by each driver's observed hour-of-day shape, the model is
// applied hour by hour, and the day's highest hour is the projected peak:
// capacity breaks at the peak, and drivers that peak at different hours are
// not assumed to coincide.
import type { MetricConfig } from '../../config/schema.ts'
import { projectedBreach, type DriverForecastRow, type ProjectedLoad } from './driver-forecast.ts'
import type { Bucket } from '../forecast/types.ts'
import { fitLoadModel, predictLoad, type LoadObservation } from './load-model.ts'

const HOUR_MS = 3_600_000
const ms = (at: number | Date): number => (typeof at === 'number' ? at : at.getTime())

export interface DriverHistory {
  id: string
  hourly: readonly Bucket[]
  /** The day's figure from 24 hourly means, as forecasts state it (sum of a rate, mean of a level). */
  daily: (hourlyMeans: number[]) => number
  /** True for a rate (installs/h): storage grows with its running total, not its level. */
  isFlow: boolean
}

export interface ConfiguredModel {
  base: number
  drivers: Record<string, number>
}

export type FittedModel =
  | { ok: true; base: number; coefficients: Record<string, number>; r2: number; n: number; drivers: string[]; regressors: string }
  | { ok: false; reason: string; drivers: string[] }

/**
 * Joins hourly metric means with the same hours' driver means. For storage,
 * flow drivers enter as their running total over the window (the base
 * absorbs what was stored before it), because storage accumulates them.
 */
export function hourlyObservations(
  metric: readonly Bucket[],
  drivers: readonly DriverHistory[],
  cumulative: boolean,
): LoadObservation[] {
  const byHour = new Map<number, Record<string, number>>()
  for (const d of drivers) {
    let running = 0
    for (const b of d.hourly) {
      running += b.mean
      const row = byHour.get(ms(b.at)) ?? {}
      row[d.id] = cumulative && d.isFlow ? running : b.mean
      byHour.set(ms(b.at), row)
    }
  }
  const ids = drivers.map((d) => d.id)
  return metric.flatMap((b) => {
    const row = byHour.get(ms(b.at))
    return row && ids.every((id) => row[id] !== undefined) ? [{ drivers: row, value: b.mean }] : []
  })
}

/** Fits the metric against the drivers its configured model names (all drivers when it names none). */
export function fitMetricModel(
  metric: MetricConfig,
  metricHourly: readonly Bucket[],
  drivers: readonly DriverHistory[],
  minR2: number,
): FittedModel {
  const named = Object.keys(metric.model?.drivers ?? {})
  const used = drivers.filter((d) => named.length === 0 || named.includes(d.id))
  const ids = used.map((d) => d.id)
  const missing = named.filter((n) => !ids.includes(n))
  if (missing.length) return { ok: false, reason: `no history for driver(s) ${missing.join(', ')}`, drivers: named }
  const cumulative = metric.kind === 'storage'
  const rows = hourlyObservations(metricHourly, used, cumulative)
  const fit = fitLoadModel(rows, ids, minR2)
  if (!fit.ok) return { ok: false, reason: fit.reason, drivers: ids }
  const regressors = cumulative
    ? 'hourly means; flow drivers as their running total over the window (storage accumulates them)'
    : 'hourly means of the metric against the same hours of each driver'
  return { ok: true, ...fit.value, drivers: ids, regressors }
}

/** Local day (YYYY-MM-DD) and hour of a bucket, for an estate `utcOffsetMinutes` east of UTC. */
function localParts(at: number | Date, offsetMinutes: number): { day: string; hour: number } {
  const local = new Date(ms(at) + offsetMinutes * 60_000)
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() }
}

export interface DriverShape {
  /** Per local hour: the hour's value as a share of the day's figure (mean over complete days). */
  share: number[]
  /** Per local hour: the mean observed value, used on dates a forecast does not cover for this driver. */
  typical: number[]
  days: number
}

/** A driver's hour-of-day shape from complete days (24 hourly buckets); null with too little history. */
export function driverShape(d: DriverHistory, offsetMinutes: number): DriverShape | null {
  const byDay = new Map<string, number[]>()
  for (const b of d.hourly) {
    const { day, hour } = localParts(b.at, offsetMinutes)
    const hours = byDay.get(day) ?? new Array<number>(24).fill(Number.NaN)
    hours[hour] = b.mean
    byDay.set(day, hours)
  }
  const share = new Array<number>(24).fill(0)
  const typical = new Array<number>(24).fill(0)
  let days = 0
  for (const hours of byDay.values()) {
    if (hours.some((v) => Number.isNaN(v))) continue
    const total = d.daily(hours)
    if (!(total > 0)) continue
    days++
    hours.forEach((v, h) => {
      share[h] = (share[h] as number) + v / total
      typical[h] = (typical[h] as number) + v
    })
  }
  if (days === 0) return null
  return { share: share.map((s) => s / days), typical: typical.map((t) => t / days), days }
}

/**
 * Projected daily peak load per forecast date from `today` on. Forecast
 * drivers are spread by their hour shares; drivers the version does not
 * forecast stay at their typical hour-of-day level.
 */
export function projectPeakLoad(
  model: ConfiguredModel,
  rows: readonly DriverForecastRow[],
  shapes: ReadonlyMap<string, DriverShape>,
  today: string,
): ProjectedLoad[] {
  const byDate = new Map<string, Record<string, number>>()
  for (const r of rows) {
    if (r.date < today) continue
    const d = byDate.get(r.date) ?? {}
    d[r.driver] = r.value
    byDate.set(r.date, d)
  }
  const out: ProjectedLoad[] = []
  for (const [date, daily] of [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    let peak = -Infinity
    for (let h = 0; h < 24; h++) {
      const drivers: Record<string, number> = {}
      for (const id of Object.keys(model.drivers)) {
        const shape = shapes.get(id)
        const forecast = daily[id]
        drivers[id] = forecast !== undefined && shape ? forecast * (shape.share[h] as number) : (shape?.typical[h] ?? 0)
      }
      peak = Math.max(peak, predictLoad(model, drivers))
    }
    out.push({ date, load: peak })
  }
  return out
}

export interface VersionProjection {
  version: string
  /** First and last projected date (from today on). */
  from: string | null
  to: string | null
  model: 'fitted' | 'configured'
  breachDate: string | null
  reason: string
  peakLoad: number | null
  peakDate: string | null
}

/** One forecast version against one metric's model and breakpoint. */
export function projectVersion(
  version: string,
  model: { kind: 'fitted' | 'configured'; value: ConfiguredModel },
  rows: readonly DriverForecastRow[],
  shapes: ReadonlyMap<string, DriverShape>,
  breakpoint: number,
  today: string,
): VersionProjection {
  const load = projectPeakLoad(model.value, rows, shapes, today)
  const top = load.reduce<ProjectedLoad | null>((m, l) => (m === null || l.load > m.load ? l : m), null)
  const breach = projectedBreach(load, breakpoint)
  return {
    version,
    from: load[0]?.date ?? null,
    to: load[load.length - 1]?.date ?? null,
    model: model.kind,
    breachDate: breach.date,
    reason: load.length ? breach.reason : `version ${version} has no dates from ${today} on`,
    peakLoad: top?.load ?? null,
    peakDate: top?.date ?? null,
  }
}

/** Start of the hour containing `at`, plus one hour: the exclusive end of a history read. */
export function historyEnd(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS)
}
