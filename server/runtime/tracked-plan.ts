// The tracked capacity plan as the server runs it: the upgrade pipeline (from
// the store), the estate with delivered upgrades in its limits (what every
// screen and the engine read), and perf-test runs. Rebuilt when a move is
// stored or the config is reloaded; listeners (snapshot, engine) are told.
import { applyDeliveries, type DeliveryOutcome } from '../capacity/tracked/deliveries.ts'
import type { LoadedConfig } from '../config/load.ts'
import type { Estate } from '../config/schema.ts'
import type { Logger } from '../log.ts'
import type { Store } from '../store/types.ts'
import { createPerfRuns, type PerfRunRecord, type PerfRuns } from './perf-runs.ts'
import { createUpgradePlan, type UpgradePlan } from './upgrade-plan.ts'

export interface TrackedPlan {
  plan: UpgradePlan
  perfRuns: PerfRuns
  /** The configured estate with every delivered upgrade in its limits. */
  estate(): Estate
  /** What happened to each delivered upgrade (applied, or already in estate.yaml). */
  deliveries(): DeliveryOutcome[]
  /** After a config reload: recompute the estate from the new file. */
  reconfigure(): void
  /** A move was stored or a run recorded: the engine and the snapshot must catch up. */
  onChange(listener: (why: string) => void): () => void
}

export async function createTrackedPlan(deps: {
  store: Store
  config: () => LoadedConfig
  log: Logger
  now?: () => Date
}): Promise<TrackedPlan> {
  const listeners = new Set<(why: string) => void>()
  const plan = createUpgradePlan({
    store: deps.store,
    estate: () => deps.config().estate,
    ...(deps.now ? { now: deps.now } : {}),
  })
  await plan.load()
  let applied = applyDeliveries(deps.config().estate, plan.list())
  const rebuild = (why: string): void => {
    applied = applyDeliveries(deps.config().estate, plan.list())
    for (const l of listeners) l(why)
  }
  plan.onChange(() => rebuild('upgrade plan changed'))
  const perfRuns = createPerfRuns({
    store: deps.store,
    estate: () => applied.estate,
    environments: () => deps.config().collectors.environments,
    ...(deps.now ? { now: deps.now } : {}),
    onRecorded: (run: PerfRunRecord) => {
      deps.log.info({ run: run.id, peaks: run.peaks.length }, 'perf-test run recorded')
      for (const l of listeners) l('perf-test run recorded')
    },
  })
  const counts = applied.deliveries.filter((d) => d.status === 'applied').length
  deps.log.info({ tracked: plan.list().length, deliveriesApplied: counts }, 'upgrade plan loaded')
  return {
    plan,
    perfRuns,
    estate: () => applied.estate,
    deliveries: () => applied.deliveries,
    reconfigure: () => rebuild('config reloaded'),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
