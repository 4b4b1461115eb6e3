// The simulator's side of replay: load every configured recording (a bad
// file is one addError naming it; the rest of the estate still simulates)
// and emit each one's value at t.
import type { Estate } from '../../../server/config/schema.ts'
import type { Accumulator } from '../../types.ts'
import type { ReplayConfig, SimulatorConfig } from './config.ts'
import { loadReplay, replayValueAt, shiftFor, type ReplaySeries } from './replay.ts'

export interface LoadedReplay {
  cfg: ReplayConfig
  series: ReplaySeries
  shiftMs: number
}

const keysCache = new WeakMap<SimulatorConfig, Set<string>>()

/** app/metric keys that a replay provides, so the simulated value is not emitted as well. */
export function replayedKeys(config: SimulatorConfig): Set<string> {
  let keys = keysCache.get(config)
  if (!keys) {
    keys = new Set(config.replay.map((r) => `${r.app}/${r.metric}`))
    keysCache.set(config, keys)
  }
  return keys
}

function knownSeries(estate: Estate, app: string, metric: string): boolean {
  if (app === 'drivers') return estate.drivers.some((d) => d.id === metric)
  return estate.applications.some((a) => a.id === app && a.metrics.some((m) => m.id === metric))
}

export async function loadReplays(
  config: SimulatorConfig,
  estate: Estate,
  now: number,
  acc: Accumulator,
): Promise<LoadedReplay[]> {
  const out: LoadedReplay[] = []
  for (const cfg of config.replay) {
    if (!knownSeries(estate, cfg.app, cfg.metric)) {
      // The pipeline would drop these samples silently; say so on the collector's health instead.
      acc.addError(new Error(`[replay file=${cfg.file}] ${cfg.app}/${cfg.metric} is not a metric (or driver) in estate.yaml`))
      continue
    }
    try {
      const series = await loadReplay(cfg)
      out.push({ cfg, series, shiftMs: shiftFor(cfg, series, now) })
    } catch (err) {
      acc.addError(new Error(`[replay file=${cfg.file}] ${err instanceof Error ? err.message : String(err)}`))
    }
  }
  return out
}

export function emitReplays(replays: readonly LoadedReplay[], t: number, acc: Accumulator): number {
  let n = 0
  const at = new Date(t)
  for (const r of replays) {
    const value = replayValueAt(r.series, r.shiftMs, r.cfg.loop, t)
    if (value === null) continue
    acc.add({ app: r.cfg.app, metric: r.cfg.metric, value: Math.round(value * 1000) / 1000, at })
    n++
  }
  return n
}
