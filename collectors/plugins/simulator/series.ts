// Which series the simulator emits, compiled once from estate.yaml: every
// metric's load model (value = base + sum(coefficient x driver)) with the
// driver ids resolved, plus the kind-specific shaping that keeps values
// believable (utilisation saturates below 100 %, storage only grows).
import type { Estate, MetricKind } from '../../../server/config/schema.ts'
import type { SimulatorConfig } from './config.ts'
import { driverIds, isDriverId, type DriverId, type DriverValues } from './drivers.ts'
import { seriesKey, smoothNoise } from './prng.ts'

export interface MetricSeries {
  app: string
  metric: string
  kind: MetricKind
  percent: boolean
  base: number
  terms: [DriverId, number][]
  key: number
}

export interface CompiledSeries {
  drivers: DriverId[]
  metrics: MetricSeries[]
  /** Problems that make a metric impossible to simulate, each naming it. */
  problems: string[]
}

const KNOT = 5 * 60_000

const compiled = new WeakMap<Estate, WeakMap<SimulatorConfig, CompiledSeries>>()

export function compileSeries(estate: Estate, config: SimulatorConfig): CompiledSeries {
  let byConfig = compiled.get(estate)
  if (!byConfig) compiled.set(estate, (byConfig = new WeakMap()))
  const cached = byConfig.get(config)
  if (cached) return cached

  const problems: string[] = []
  const wanted = config.apps ? new Set(config.apps) : null
  const known = new Set(estate.applications.map((a) => a.id))
  for (const app of wanted ?? []) {
    if (!known.has(app)) problems.push(`[app=${app}] listed in the simulator's apps but not in estate.yaml`)
  }
  // Drivers go out under app "drivers" when the estate declares them (or all
  // three when it declares none), so charts and feedback have actuals.
  const declared = estate.drivers.map((d) => d.id)
  const drivers = declared.length === 0 ? [...driverIds] : declared.filter(isDriverId)
  for (const id of declared) {
    if (!isDriverId(id)) problems.push(`[driver=${id}] the simulator models only ${driverIds.join(', ')}`)
  }

  const metrics: MetricSeries[] = []
  for (const app of estate.applications) {
    if (wanted && !wanted.has(app.id)) continue
    for (const m of app.metrics) {
      const terms: [DriverId, number][] = []
      let ok = true
      for (const [driver, coef] of Object.entries(m.model?.drivers ?? {})) {
        if (isDriverId(driver)) terms.push([driver, coef])
        else {
          problems.push(`[metric=${app.id}/${m.id}] unknown driver "${driver}" in its model; not simulated`)
          ok = false
        }
      }
      if (!ok) continue
      metrics.push({
        app: app.id,
        metric: m.id,
        kind: m.kind,
        percent: m.unit.trim() === '%',
        base: m.model?.base ?? 0,
        terms,
        key: seriesKey(config.seed, `${app.id}/${m.id}`),
      })
    }
  }
  const result = { drivers, metrics, problems }
  byConfig.set(config, result)
  return result
}

/**
 * One metric's value. `drivers` are the instantaneous values; `totals` the
 * running totals used by storage metrics.
 */
export function metricValue(s: MetricSeries, drivers: DriverValues, totals: DriverValues, t: number, noiseAmp: number): number {
  const source = s.kind === 'storage' ? totals : drivers
  let load = 0
  for (const [driver, coef] of s.terms) load += coef * source[driver]
  let v = s.base + load
  // Storage is a running total: noise would make it shrink now and then.
  if (s.kind !== 'storage') v *= 1 + noiseAmp * smoothNoise(s.key, t, KNOT)
  if (s.percent) v = saturate(v)
  if (s.kind === 'concurrency' || s.kind === 'licence') v = Math.round(v)
  return Math.max(0, v)
}

/** A busy CPU flattens out approaching 100 % instead of passing it. */
function saturate(v: number): number {
  const knee = 90
  if (v <= knee) return v
  return knee + (100 - knee) * (1 - Math.exp(-(v - knee) / (100 - knee)))
}
