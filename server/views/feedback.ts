// Gathers what GET /api/feedback compares: every imported driver-forecast
// version (app 'driver-forecast', metric = driver, tag version) against daily
// actuals of the same driver, plus the engine's limit review. The sums are the
// pure engine's (compareForecastVersions, forecastErrors); this file only reads.
import {
  checkLimitsAgainstLive,
  compareForecastVersions,
  forecastErrors,
  type ForecastVersion,
} from '../capacity/feedback/feedback.ts'
import type { DriverForecastRow } from '../capacity/demand/driver-forecast.ts'
import { checkPerfTestResults, type PerfTestResult } from '../capacity/feedback/perf-test-results.ts'
import type { DriverConfig } from '../config/schema.ts'
import type { FeedbackResponse, ForecastVersionInfo } from './responses.ts'
import { engineResult, livePeakOf, type EngineApiDeps } from './view-deps.ts'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** Forecast files are read from this far back to this far ahead. */
const PAST_MS = 400 * DAY_MS
const AHEAD_MS = 800 * DAY_MS
/** Actuals are read over the engine's history window. */
const ACTUAL_DAYS = 90
/** Imported perf-test results are read from this far back (evidence older than that is stale anyway). */
const PERF_TEST_PAST_MS = 5 * 365 * DAY_MS

/**
 * A driver with a rate unit (".../h") is a volume per hour: the day's actual
 * is the sum of its hourly means. A level (hubs) is the day's mean. Only
 * complete days count (24 hourly buckets), so a half-collected day never
 * reads as a forecast miss.
 */
export function actualsRule(driver: DriverConfig): { rule: string; daily: (hourlyMeans: number[]) => number } {
  if (/\/\s*h(our)?$/i.test(driver.unit))
    return { rule: `sum of 24 hourly means (${driver.unit} → per day)`, daily: (v) => v.reduce((s, x) => s + x, 0) }
  if (/\/\s*s(ec)?$/i.test(driver.unit))
    return { rule: `sum of 24 hourly means × 3600 (${driver.unit} → per day)`, daily: (v) => v.reduce((s, x) => s + x, 0) * 3600 }
  return { rule: `mean of 24 hourly means (a level in ${driver.unit})`, daily: (v) => v.reduce((s, x) => s + x, 0) / v.length }
}

async function readActuals(deps: EngineApiDeps, driver: DriverConfig, now: Date): Promise<DriverForecastRow[]> {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS)
  const from = new Date(to.getTime() - ACTUAL_DAYS * DAY_MS)
  const buckets = await deps.store.range({ app: 'drivers', metric: driver.id, from, to, stepMs: HOUR_MS })
  const byDay = new Map<string, number[]>()
  for (const b of buckets) {
    const day = b.at.toISOString().slice(0, 10)
    byDay.set(day, [...(byDay.get(day) ?? []), b.mean])
  }
  const { daily } = actualsRule(driver)
  return [...byDay.entries()]
    .filter(([, v]) => v.length === 24)
    .map(([date, v]) => ({ date, driver: driver.id, value: daily(v) }))
}

export async function readVersions(deps: EngineApiDeps, now: Date): Promise<ForecastVersion[]> {
  const known = new Set(deps.estate().drivers.map((d) => d.id))
  const series = (await deps.store.listSeries()).filter(
    (s) => s.app === 'driver-forecast' && known.has(s.metric) && s.tags?.version,
  )
  const byVersion = new Map<string, DriverForecastRow[]>()
  for (const s of series) {
    const version = s.tags?.version as string
    const buckets = await deps.store.range({
      app: 'driver-forecast',
      metric: s.metric,
      from: new Date(now.getTime() - PAST_MS),
      to: new Date(now.getTime() + AHEAD_MS),
      stepMs: DAY_MS,
      tags: { version },
    })
    const rows = buckets.map((b) => ({ date: b.at.toISOString().slice(0, 10), driver: s.metric, value: b.mean }))
    byVersion.set(version, [...(byVersion.get(version) ?? []), ...rows])
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, rows]) => ({
      version,
      createdAt: rows.reduce((m, r) => (r.date < m ? r.date : m), rows[0]?.date ?? ''),
      rows,
    }))
}

/** Imported perf-test results (csv kind perf-test): series tagged source=perf-test under an estate metric. */
async function readPerfTestResults(deps: EngineApiDeps, now: Date): Promise<PerfTestResult[]> {
  const estate = deps.estate()
  const known = new Set(estate.applications.flatMap((a) => a.metrics.map((m) => `${a.id}/${m.id}`)))
  const series = (await deps.store.listSeries()).filter(
    (s) => s.tags?.source === 'perf-test' && known.has(`${s.app}/${s.metric}`),
  )
  const out: PerfTestResult[] = []
  for (const s of series) {
    const environmentScale = Number(s.tags?.environment_scale ?? '1')
    const buckets = await deps.store.range({
      app: s.app,
      metric: s.metric,
      from: new Date(now.getTime() - PERF_TEST_PAST_MS),
      to: new Date(now.getTime() + DAY_MS),
      stepMs: DAY_MS,
      tags: s.tags ?? {},
    })
    for (const b of buckets)
      out.push({ app: s.app, metric: s.metric, date: b.at.toISOString().slice(0, 10), liveEquivalent: b.max, environmentScale })
  }
  return out.sort((a, b) => `${a.app}/${a.metric}`.localeCompare(`${b.app}/${b.metric}`) || b.date.localeCompare(a.date))
}

export async function gatherFeedback(deps: EngineApiDeps): Promise<FeedbackResponse> {
  const result = engineResult(deps)
  const now = deps.now?.() ?? new Date()
  const estate = deps.estate()
  const versions = await readVersions(deps, now)
  const actuals: DriverForecastRow[] = []
  for (const d of estate.drivers) actuals.push(...(await readActuals(deps, d, now)))
  const accuracy = compareForecastVersions(versions, actuals)
  const actualByKey = new Map(actuals.map((a) => [`${a.driver}|${a.date}`, a.value]))
  const infos: ForecastVersionInfo[] = []
  const overall: FeedbackResponse['overall'] = []
  for (const v of versions) {
    for (const driver of [...new Set(v.rows.map((r) => r.driver))].sort()) {
      const rows = v.rows.filter((r) => r.driver === driver)
      const dates = rows.map((r) => r.date).sort()
      infos.push({ driver, version: v.version, from: dates[0] ?? '', to: dates[dates.length - 1] ?? '', rows: rows.length })
      const pairs = rows.flatMap((r) => {
        const actual = actualByKey.get(`${driver}|${r.date}`)
        return actual === undefined ? [] : [{ actual, forecast: r.value }]
      })
      if (pairs.length) overall.push({ version: v.version, driver, ...forecastErrors(pairs) })
    }
  }
  const notes: string[] = []
  if (versions.length === 0)
    notes.push(
      'no driver forecast imported yet: drop a date,driver,value CSV into the forecasts folder (see config/collectors.yaml) or use headroom import',
    )
  else if (accuracy.length === 0) notes.push('the imported forecasts and the complete days of actuals do not overlap yet')
  const livePeak = livePeakOf(deps, result)
  const imported = checkPerfTestResults(await readPerfTestResults(deps, now), livePeak)
  const perfTests = [...checkLimitsAgainstLive(estate, livePeak).filter((c) => c.source === 'perf-test'), ...imported]
  return {
    generatedAt: result.generatedAt,
    versions: infos,
    accuracy,
    overall,
    actualsRule: Object.fromEntries(estate.drivers.map((d) => [d.id, actualsRule(d).rule])),
    perfTests,
    staleEvidence: result.limits.stale,
    contradicted: result.limits.contradicted,
    notes,
  }
}
