// The simulator plugin: a believable smart-metering estate without any real
// source, so a fresh checkout shows a living dashboard. Values are pure
// functions of (seed, series, time): collect() at time t and backfill() at
// the same t give the same number, and a restart does not make charts jump.
import type { Estate } from '../../../server/config/schema.ts'
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseSimulatorConfig, type SimulatorConfig } from './config.ts'
import { driverModel, driversAt, driverTotalsAt } from './drivers.ts'
import { compileSeries, metricValue } from './series.ts'

/** Samples emitted between yields to the event loop during backfill. */
const YIELD_EVERY = 4000

function emitAt(config: SimulatorConfig, estate: Estate, t: number, acc: Accumulator): number {
  const model = driverModel(config)
  const series = compileSeries(estate, config)
  const drivers = driversAt(model, t)
  const totals = driverTotalsAt(model, t)
  const at = new Date(t)
  for (const id of series.drivers) acc.add({ app: 'drivers', metric: id, value: round(drivers[id]), at })
  for (const s of series.metrics) {
    acc.add({ app: s.app, metric: s.metric, value: round(metricValue(s, drivers, totals, t, config.noise.metrics)), at })
  }
  return series.drivers.length + series.metrics.length
}

function reportProblems(config: SimulatorConfig, estate: Estate, acc: Accumulator): void {
  for (const problem of compileSeries(estate, config).problems) acc.addError(new Error(problem))
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export const simulator: CollectorPlugin<SimulatorConfig> = {
  type: 'simulator',

  parseConfig: parseSimulatorConfig,

  async collect(config, acc, ctx) {
    reportProblems(config, ctx.estate, acc)
    emitAt(config, ctx.estate, ctx.now().getTime(), acc)
  },

  async backfill(config, from, to, acc, ctx: CollectorContext) {
    reportProblems(config, ctx.estate, acc)
    const step = config.backfillStepMinutes * 60_000
    // Align to the step grid so every backfill (and the noise knots) line up.
    let t = Math.ceil(from.getTime() / step) * step
    const end = to.getTime()
    let sinceYield = 0
    while (t < end) {
      if (ctx.signal.aborted) throw abortError(ctx.signal)
      sinceYield += emitAt(config, ctx.estate, t, acc)
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        await yieldToEventLoop()
      }
      t += step
    }
  },
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error('simulator backfill aborted')
}

export default simulator
