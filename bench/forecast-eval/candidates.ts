// Each single portfolio variant on its own (the combination is chosen per series, so only Headroom shows it), through the same rolling-back-test
// P90 the engine gives it, so the table shows what choosing buys over any
// fixed model. The variant is forced; everything else is the engine's.
import { defaultForecastOptions } from '../../server/capacity/forecast/forecast.ts'
import { detectWeeklySeasonality } from '../../server/capacity/forecast/seasonality.ts'
import { conformalOffsets } from '../../server/capacity/forecast/selection/conformal.ts'
import { planOrigins, rollingBacktest } from '../../server/capacity/forecast/selection/rolling-backtest.ts'
import { portfolioModels, variantKey, variantPaths, type Variant } from '../../server/capacity/forecast/selection/variants.ts'
import type { ForecastBackend } from '../../server/capacity/forecast/types.ts'
import type { Method } from './methods.ts'

function forced(variant: Variant, backend: ForecastBackend): Method {
  const key = variantKey(variant)
  return {
    // The baseline row is already called seasonal-naive; this one fits on clipped spikes.
    name: variant.model === 'seasonal-naive' ? 'seasonal-naive (clipped)' : key,
    forecast(train, _lastDate, horizon) {
      const { bounds, rolling } = defaultForecastOptions
      const period = detectWeeklySeasonality(train, backend).periods.length > 0 ? 7 : null
      const path = variantPaths(train, horizon, period, backend, bounds, [variant]).paths.get(key)?.path
      const plan = planOrigins(train.length, rolling)
      if (!path || !plan) return null
      const errors = rollingBacktest(train, period, backend, bounds, plan, [variant]).scores.get(key)?.errors ?? []
      const q = conformalOffsets(errors, horizon) ?? path.map(() => 0)
      return { p50: path, p90: path.map((v, h) => v + (q[h] as number)) }
    },
  }
}

export function candidateMethods(backend: ForecastBackend): Method[] {
  return portfolioModels
    .filter((m) => m !== 'combination')
    .flatMap((model) =>
      model === 'seasonal-naive' || model === 'autoregressive'
        ? [forced({ model, trend: false }, backend)]
        : [forced({ model, trend: false }, backend), forced({ model, trend: true }, backend)],
    )
}
