// The simulator plugin: a believable smart-metering estate without any real
// source, so a fresh checkout shows a living dashboard. Values are pure
// functions of (seed, series, time): collect() at time t and backfill() at
// the same t give the same number, and a restart does not make charts jump.
import type { Estate } from '../../../server/config/schema.ts'
import type { Accumulator, CollectorContext, CollectorPlugin, Sample } from '../../types.ts'
import { parseSimulatorConfig, type SimulatorConfig } from './config.ts'
import { driverModel, driversAt, driverTotalsAt } from './drivers.ts'
import { compileSeries, metricValue } from './series.ts'
import { emitReplays, loadReplays, replayedKeys, type LoadedReplay } from './replay-emit.ts'

/** Samples emitted between yields to the event loop during backfill. */
const YIELD_EVERY = 4000
/** ...and in a live round. */
const LIVE_YIELD_EVERY = 2000

function emitAt(
  config: SimulatorConfig,
  estate: Estate,
  t: number,
  acc: Accumulator,
  replays: readonly LoadedReplay[] = [],
): number {
  let n = 0
  for (const sample of simulatedAt(config, estate, t)) {
    acc.add(sample)
    n++
  }
  return n + emitReplays(replays, t, acc)
}

/** Every simulated driver and metric at time t (replayed series left out: their replay stands in). */
function* simulatedAt(config: SimulatorConfig, estate: Estate, t: number): Generator<Sample, void> {
  const model = driverModel(config)
  const series = compileSeries(estate, config)
  const drivers = driversAt(model, t)
  const totals = driverTotalsAt(model, t)
  const at = new Date(t)
  // A replayed series replaces the simulated one; the load model still runs on simulated drivers.
  const replaced = replayedKeys(config)
  for (const id of series.drivers) {
    if (replaced.has(`drivers/${id}`)) continue
    yield { app: 'drivers', metric: id, value: round(drivers[id]), at }
  }
  for (const s of series.metrics) {
    if (replaced.has(`${s.app}/${s.metric}`)) continue
    yield { app: s.app, metric: s.metric, value: round(metricValue(s, drivers, totals, t, config.noise.metrics)), at }
  }
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
    const now = ctx.now().getTime()
    const replays = await loadReplays(config, ctx.estate, now, acc)
    // A turn of the event loop between chunks: a 10 000-metric estate's round in one go was a
    // 20 ms turn of its own, on top of the server writing it.
    let n = 0
    for (const sample of simulatedAt(config, ctx.estate, now)) {
      acc.add(sample)
      if (++n % LIVE_YIELD_EVERY === 0) await yieldToEventLoop()
    }
    emitReplays(replays, now, acc)
  },

  async backfill(config, from, to, acc, ctx: CollectorContext) {
    reportProblems(config, ctx.estate, acc)
    const replays = await loadReplays(config, ctx.estate, ctx.now().getTime(), acc)
    const step = config.backfillStepMinutes * 60_000
    // Align to the step grid so every backfill (and the noise knots) line up.
    let t = Math.ceil(from.getTime() / step) * step
    const end = to.getTime()
    let sinceYield = 0
    while (t < end) {
      if (ctx.signal.aborted) throw abortError(ctx.signal)
      sinceYield += emitAt(config, ctx.estate, t, acc, replays)
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        await yieldToEventLoop()
        // Wait while the pipeline is behind, so history streams in bounded memory.
        await acc.room?.()
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
