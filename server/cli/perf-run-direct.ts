// `headroom perf-run` with no server listening: open the store (the embedded
// DuckDB file is free then), record the run there with the config in force,
// close. The next server start sees the run and its evidence.
import { loadConfig } from '../config/load.ts'
import type { PerfRunsRecorded } from '../http/api-types/plan.ts'
import { createPerfRuns } from '../runtime/perf-runs.ts'
import type { Settings } from '../settings.ts'
import { perfRunView } from '../views/perf-runs.ts'
import { openCliStore } from './store-for-cli.ts'

/** `headroom perf-run` arguments (parsed in perf-run.ts). */
export interface PerfRunArgs {
  environment: string
  from: string
  to: string
  name?: string
  apps?: string[]
  url: string
}

export async function recordDirect(settings: Settings, args: PerfRunArgs): Promise<PerfRunsRecorded> {
  const config = await loadConfig(settings.configDir)
  const store = await openCliStore(
    settings.dataDir,
    settings.influxUrl ?? config.server.influxUrl ?? null,
    `the DuckDB file in ${settings.dataDir} is in use by a Headroom server that did not answer at ${args.url}; pass its address with --url`,
  )
  try {
    const runs = createPerfRuns({ store, estate: () => config.estate, environments: () => config.collectors.environments })
    const run = await runs.record(
      {
        environment: args.environment,
        from: new Date(args.from),
        to: new Date(args.to),
        ...(args.name ? { name: args.name } : {}),
        ...(args.apps ? { apps: args.apps } : {}),
      },
      { name: 'cli', role: 'operator' },
    )
    // No engine here to say what live peaked at: the server shows that once it runs.
    return { runs: [perfRunView(run, () => null)], errors: [] }
  } finally {
    await store.close()
  }
}
