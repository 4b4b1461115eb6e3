// AutoARIMA from the npm package `arima` (a WASM build of the C library
// ctsa), stlf-style: non-seasonal AutoARIMA on the seasonally adjusted
// series, the weekly profile added back. Scored here as a reference only:
// it is not in the portfolio (too slow for a rolling back-test of 1 000
// series, and it writes to stdout), see bench/README.md.
import { createRequire } from 'node:module'
import { detectWeeklySeasonality } from '../../server/capacity/forecast/seasonality.ts'
import { seasonalAt, seasonalProfile } from '../../server/capacity/forecast/models/seasonal-profile.ts'
import type { ForecastBackend } from '../../server/capacity/forecast/types.ts'
import type { Method } from './methods.ts'

interface ArimaInstance {
  train(ts: number[]): ArimaInstance
  predict(n: number): [number[], number[]]
}
type ArimaCtor = new (o: Record<string, number | boolean>) => ArimaInstance

const ARIMA = createRequire(import.meta.url)('arima') as ArimaCtor

export function autoArimaMethod(backend: ForecastBackend): Method {
  return {
    name: 'auto-arima (npm arima, reference)',
    forecast(train, _lastDate, horizon) {
      const period = detectWeeklySeasonality(train, backend).periods.length > 0 ? 7 : null
      const profile = period ? seasonalProfile(train, period) : []
      const adjusted = train.map((v, i) => v - seasonalAt(profile, i))
      // The C code prints warnings with printf; keep them out of the report.
      const log = console.log
      console.log = () => undefined
      try {
        const [pred, variance] = new ARIMA({ auto: true, p: 3, d: 1, q: 3, P: 0, D: 0, Q: 0, s: 0, verbose: false })
          .train(adjusted)
          .predict(horizon)
        const p50 = pred.map((v, h) => v + seasonalAt(profile, train.length + h))
        if (!p50.every(Number.isFinite)) return null
        return { p50, p90: p50.map((v, h) => v + 1.2816 * Math.sqrt(Math.max(0, variance[h] ?? 0))) }
      } finally {
        console.log = log
      }
    },
  }
}
