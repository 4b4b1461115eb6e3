// The example estate (config/estate.yaml) and a lookup of metric figures
// built from its own limits, so resilience tests check the shipped config.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { effectiveLimit } from '../../../server/capacity/limits/limits.ts'
import type { MetricFigures, MetricLookup } from '../../../server/capacity/resilience/types.ts'
import { bandOfDays, type ForecastDay } from '../../../server/capacity/forecast/forecast-band.ts'
import { estateSchema, type Estate } from '../../../server/config/schema.ts'

export function exampleEstate(): Estate {
  const path = fileURLToPath(new URL('../../../config/estate.yaml', import.meta.url))
  return estateSchema.parse(parse(readFileSync(path, 'utf8')))
}

export function lookupOf(
  estate: Estate,
  peaks: Record<string, number>,
  forecasts: Record<string, ForecastDay[]> = {},
): MetricLookup {
  const figures = new Map<string, MetricFigures>()
  for (const app of estate.applications)
    for (const m of app.metrics) {
      const key = `${app.id}/${m.id}`
      const breakpoint = effectiveLimit(m).value
      figures.set(key, {
        key,
        appName: app.name,
        metricName: m.name,
        unit: m.unit,
        breakpoint,
        peak: peaks[key] ?? null,
        warn: m.warn ?? estate.defaults.warn,
        critical: m.critical ?? estate.defaults.critical,
        forecast: key in forecasts ? bandOfDays(forecasts[key] as ForecastDay[]) : null,
        schedule: { base: breakpoint, steps: [] },
        p90Breach: null,
      })
    }
  return (key) => figures.get(key)
}
