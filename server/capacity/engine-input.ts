// What computeEngine() takes: config, series, the live snapshot, `now` and
// the forecasting algorithms. Everything is an argument; nothing is read.
import type { EngineSettings } from '../config/engine-schema.ts'
import type { Estate } from '../config/schema.ts'
import type { BacktestMode, EngineCache } from './forecast/series-types.ts'
import type { Bucket, ForecastBackend } from './forecast/types.ts'
import type { SlackRagLegend } from './planning/slack-rag.ts'
import type { TrackedUpgrade } from './tracked/upgrade-states.ts'
import type { CapacitySnapshot } from './snapshot/types.ts'

export interface EngineInput {
  estate: Estate
  settings: EngineSettings
  /** Hourly buckets (up to 90 days) keyed 'app/metric'. */
  history: ReadonlyMap<string, readonly Bucket[]>
  /** Driver history keyed 'drivers/<id>'. */
  drivers?: ReadonlyMap<string, readonly Bucket[]>
  /** The live snapshot (breakpoints, 24 h peaks, utilisation RAG). */
  snapshot: CapacitySnapshot
  now: Date
  backend: ForecastBackend
  /** The `cache` of the previous result; omit for a cold computation. */
  cache?: EngineCache
  /** Series versions keyed like `history`/`drivers`; an unchanged version skips even the daily-peak pass. */
  versions?: ReadonlyMap<string, number>
  /** Default 'holdout'. */
  backtest?: BacktestMode
  /**
   * Most model fits (forecast or back-test, a few ms each) this call may
   * make; default unlimited. Beyond it, changed series get a provisional
   * Theil–Sen forecast and are fitted on later calls, most utilised first,
   * so a cold start answers quickly and converges over a few refreshes.
   */
  fitBudget?: number
  /** Override the legend names (e.g. "Order now"); the rules stay the engine's. */
  legend?: Partial<SlackRagLegend>
  /**
   * The upgrade pipeline (every state). Ordered upgrades become steps in
   * their metric's breakpoint on the expected delivery date; delivered ones
   * are already in the estate's limits (planning/deliveries.ts).
   */
  plan?: readonly TrackedUpgrade[]
}
