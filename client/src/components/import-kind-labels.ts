// How each CSV import kind is worded on the import page, its status and
// the recent-imports table, so the three never name a kind differently.
import type { ImportKind } from '../../../server/http/api-types/collectors.ts'

export const importKindLabels: Record<ImportKind, string> = {
  auto: 'Detect from the header',
  'driver-actuals': 'Driver actuals',
  'driver-forecast': 'Driver forecast',
  'perf-test': 'Performance-test results',
}
