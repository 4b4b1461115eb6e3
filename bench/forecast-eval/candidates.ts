// Each portfolio candidate as its own HP2 method (filled in with the portfolio).
import type { ForecastBackend } from '../../server/capacity/forecast/types.ts'
import type { Method } from './methods.ts'

export function candidateMethods(_backend: ForecastBackend): Method[] {
  return []
}
