// Start-up history: on a fresh data dir the simulator (or any plugin with
// backfill()) fills the last N days so charts and forecasts have data. On a
// restart only the gap since the newest stored point is filled.
import type { Estate } from '../config/schema.ts'
import type { Logger } from '../log.ts'
import type { Store } from '../store/types.ts'

/** Start-up history generation, as /api/health and the `backfill` push report it. */
export interface BackfillStatus {
  state: 'idle' | 'running' | 'done' | 'failed'
  done: number
  total: number
  message: string | null
}

export interface BackfillRunner {
  backfill(from: Date, to: Date, onProgress?: (done: number, total: number) => void): Promise<number>
}

/** Call before live collection starts, so the newest stored point is history, not a fresh live sample. */
export async function backfillWindow(
  store: Store,
  estate: Estate,
  days: number,
  now: Date,
): Promise<{ from: Date; to: Date } | null> {
  if (days <= 0) return null
  let from = new Date(now.getTime() - days * 86_400_000)
  const probe = estate.drivers[0] ? { app: 'drivers', metric: estate.drivers[0].id } : firstMetric(estate)
  const newest = probe ? await store.newest(probe.app, probe.metric) : null
  if (newest && newest > from) from = new Date(newest.getTime() + 1)
  return now.getTime() - from.getTime() > 60_000 ? { from, to: now } : null
}

export async function runBackfill(opts: {
  runner: BackfillRunner
  window: { from: Date; to: Date } | null
  log: Logger
  onStatus: (status: BackfillStatus) => void
}): Promise<void> {
  const { window, log, onStatus } = opts
  if (!window) {
    onStatus({ state: 'done', done: 0, total: 0, message: 'history already present' })
    return
  }
  const days = ((window.to.getTime() - window.from.getTime()) / 86_400_000).toFixed(1)
  log.info({ from: window.from, to: window.to }, `backfilling ${days} days of history`)
  let lastPush = 0
  onStatus({ state: 'running', done: 0, total: 1, message: `generating ${days} days of history` })
  try {
    const samples = await opts.runner.backfill(window.from, window.to, (done, total) => {
      if (Date.now() - lastPush < 250 && done < total) return
      lastPush = Date.now()
      onStatus({ state: 'running', done, total, message: `generating ${days} days of history` })
    })
    log.info({ samples }, 'backfill finished')
    onStatus({ state: 'done', done: samples, total: samples, message: `${samples} samples over ${days} days` })
  } catch (err) {
    log.error({ err }, 'backfill failed')
    onStatus({ state: 'failed', done: 0, total: 0, message: `backfill failed: ${String(err)}` })
  }
}

function firstMetric(estate: Estate): { app: string; metric: string } | null {
  const app = estate.applications[0]
  const metric = app?.metrics[0]
  return app && metric ? { app: app.id, metric: metric.id } : null
}
