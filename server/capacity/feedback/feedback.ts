// Closing the loop: how good were our forecasts, and do the limits still
// hold? Forecast versions are compared with actuals per driver and period
// (MAPE, WAPE, bias); performance-test limits are set against the live
// peaks they were meant to predict; limits that live data contradicts (the
// system ran above its "breakpoint" unharmed) or whose evidence is stale are listed.
import type { Estate } from '../../config/schema.ts'
import type { DriverForecastRow } from '../demand/driver-forecast.ts'
import { findStaleEvidenceSteps, type StaleEvidence } from '../limits/evidence.ts'
import { runSteps } from '../steps.ts'

export interface ErrorFigures {
  n: number
  /** Mean absolute percentage error over periods with non-zero actuals; null when none. */
  mape: number | null
  /** Σ|error| / Σ|actual|: robust to small periods. Null when actuals sum to 0. */
  wape: number | null
  /** Σ(forecast − actual) / Σ actual: positive = over-forecast. */
  bias: number | null
}

export function forecastErrors(pairs: readonly { actual: number; forecast: number }[]): ErrorFigures {
  let ape = 0
  let apeN = 0
  let absErr = 0
  let absAct = 0
  let err = 0
  let act = 0
  for (const { actual, forecast } of pairs) {
    if (actual !== 0) {
      ape += Math.abs((forecast - actual) / actual)
      apeN++
    }
    absErr += Math.abs(forecast - actual)
    absAct += Math.abs(actual)
    err += forecast - actual
    act += actual
  }
  return { n: pairs.length, mape: apeN ? ape / apeN : null, wape: absAct ? absErr / absAct : null, bias: act ? err / act : null }
}

export interface ForecastVersion {
  version: string
  createdAt: string
  rows: readonly DriverForecastRow[]
}

export interface VersionAccuracy extends ErrorFigures {
  version: string
  driver: string
  /** YYYY-MM (monthly periods). */
  period: string
}

/** Per version, driver and month: error of the forecast against the actuals for the dates both have. */
export function compareForecastVersions(
  versions: readonly ForecastVersion[],
  actuals: readonly DriverForecastRow[],
): VersionAccuracy[] {
  const actual = new Map(actuals.map((a) => [`${a.driver}|${a.date}`, a.value]))
  const out: VersionAccuracy[] = []
  for (const v of versions) {
    const groups = new Map<string, { actual: number; forecast: number }[]>()
    for (const r of v.rows) {
      const a = actual.get(`${r.driver}|${r.date}`)
      if (a === undefined) continue
      const key = `${r.driver}|${r.date.slice(0, 7)}`
      groups.set(key, [...(groups.get(key) ?? []), { actual: a, forecast: r.value }])
    }
    for (const [key, pairs] of groups) {
      const [driver, period] = key.split('|') as [string, string]
      out.push({ version: v.version, driver, period, ...forecastErrors(pairs) })
    }
  }
  return out.sort(
    (a, b) => a.driver.localeCompare(b.driver) || a.period.localeCompare(b.period) || a.version.localeCompare(b.version),
  )
}

export interface LimitCheck {
  app: string
  metric: string
  limit: string
  source: string
  measured: number
  environmentScale: number
  /** The live-equivalent limit: measured / scale. */
  liveLimit: number
  livePeak: number | null
  /** livePeak / liveLimit. */
  ratio: number | null
  status: 'ok' | 'contradicted' | 'no-data'
  reason: string
}

/** Each limit against the highest live peak seen; a peak above the limit without an incident contradicts it. */
export function checkLimitsAgainstLive(estate: Estate, livePeak: (app: string, metric: string) => number | null): LimitCheck[] {
  return runSteps(checkLimitsAgainstLiveSteps(estate, livePeak))
}

/** checkLimitsAgainstLive(), yielding after each application. */
export function* checkLimitsAgainstLiveSteps(
  estate: Estate,
  livePeak: (app: string, metric: string) => number | null,
): Generator<void, LimitCheck[]> {
  const out: LimitCheck[] = []
  for (const app of estate.applications) {
    yield
    for (const metric of app.metrics) {
      const peak = livePeak(app.id, metric.id)
      for (const limit of metric.limits) {
        const scale = limit.evidence.environmentScale ?? 1
        const liveLimit = limit.value / scale
        const ratio = peak === null ? null : peak / liveLimit
        const scaled = scale === 1 ? `${limit.value}` : `${limit.value} at ${scale * 100} % scale = ${liveLimit.toFixed(1)} live`
        const status = ratio === null ? 'no-data' : ratio > 1 ? 'contradicted' : 'ok'
        const reason =
          status === 'no-data'
            ? `no live peak to compare with ${limit.evidence.source} limit ${scaled}`
            : status === 'contradicted'
              ? `live peak ${peak} exceeds the ${limit.evidence.source} limit ${scaled} (${(ratio! * 100).toFixed(0)} %): the limit is too low or the evidence is wrong`
              : `live peak ${peak} is ${(ratio! * 100).toFixed(0)} % of the ${limit.evidence.source} limit ${scaled}`
        out.push({
          app: app.id,
          metric: metric.id,
          limit: limit.name,
          source: limit.evidence.source,
          measured: limit.value,
          environmentScale: scale,
          liveLimit,
          livePeak: peak,
          ratio,
          status,
          reason,
        })
      }
    }
  }
  return out
}

export interface LimitReview {
  stale: StaleEvidence[]
  contradicted: LimitCheck[]
}

/** The limits someone should re-test: stale evidence and live data that disagrees. */
export function limitsToReview(
  estate: Estate,
  livePeak: (app: string, metric: string) => number | null,
  now: Date | number,
): LimitReview {
  return runSteps(limitsToReviewSteps(estate, livePeak, now))
}

/** limitsToReview(), yielding after each application (40–50 ms in one go at 10 000 metrics). */
export function* limitsToReviewSteps(
  estate: Estate,
  livePeak: (app: string, metric: string) => number | null,
  now: Date | number,
): Generator<void, LimitReview> {
  const stale = yield* findStaleEvidenceSteps(estate, now)
  const checks = yield* checkLimitsAgainstLiveSteps(estate, livePeak)
  return { stale, contradicted: checks.filter((c) => c.status === 'contradicted') }
}
