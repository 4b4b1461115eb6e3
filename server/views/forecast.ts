// GET /api/forecast: the full daily P50/P90 band behind a metric's (or a
// driver's) summary, with the model, the history used and the back-test
// error. A back-test the minute-by-minute engine deferred is run here, once,
// for this series: one model fit, on the values the forecast was fitted on.
import { engineForecast } from '../capacity/engine.ts'
import { backtestModel } from '../capacity/forecast/forecast.ts'
import { bandDays } from '../capacity/forecast/forecast-band.ts'
import { augursBackend } from '../runtime/augurs-backend.ts'
import type { ForecastResponse } from './responses.ts'
import { checkMetric, engineResult, type EngineApiDeps } from './view-deps.ts'
import { seriesKey } from '../capacity/snapshot/snapshot.ts'

export function buildForecast(deps: EngineApiDeps, app: string, metric: string): ForecastResponse {
  const { unit } = checkMetric(deps.estate(), app, metric)
  const result = engineResult(deps)
  const key = seriesKey(app, metric)
  const m = app === 'drivers' ? null : (result.metrics.find((x) => x.key === key) ?? null)
  const d = app === 'drivers' ? (result.drivers.find((x) => x.key === key) ?? null) : null
  const summary = m?.forecast ?? d?.forecast ?? null
  const reason = m ? m.forecastReason : d ? d.forecastReason : 'not computed yet (added since the last engine run)'
  const forecast = engineForecast(result.cache, key)
  let backtest = summary?.backtest ?? null
  let backtestReason = summary?.backtestReason ?? null
  const entry = result.cache.series.get(key)
  if (summary && backtest === null && entry && entry.forecast.ok && !entry.provisional) {
    const days = deps.engineFile().settings.forecast.backtestDays
    if (days > 0) {
      const bt = backtestModel(entry.fitted, entry.forecast.value.model, days, augursBackend())
      backtest = bt.ok ? bt.value : null
      backtestReason = bt.ok ? null : bt.reason
    }
  }
  return {
    app,
    metric,
    kind: app === 'drivers' ? 'driver' : 'metric',
    unit,
    breakpoint: m?.breakpoint ?? null,
    generatedAt: result.generatedAt,
    summary: summary ? { ...summary, backtest, backtestReason } : null,
    reason,
    days: forecast ? bandDays(forecast.band) : [],
    backtest,
    backtestReason,
    p50Breach: m?.p50Breach ?? null,
    p90Breach: m?.p90Breach ?? null,
    breachReason: m?.breachReason ?? null,
    orderBy: m?.orderBy ?? null,
    slackDays: m?.slackDays ?? null,
  }
}
