// Wire shapes of the tracked capacity plan (issue 14): the upgrade pipeline
// (GET /api/plan, POST /api/plan/:id/:action, GET /api/plan/audit), N-1
// resilience (GET /api/resilience) and perf-test runs (GET/POST
// /api/perf-runs). Type-only for the client through http/api-types/plan.ts.
import type { PerfRunPeak } from '../capacity/feedback/perf-run.ts'
import type { DeliveryOutcome } from '../capacity/tracked/deliveries.ts'
import type { DeliveryFlag } from '../capacity/tracked/delivery-flags.ts'
import type { MetricPlan } from '../capacity/tracked/metric-plan.ts'
import type { PlannedPriorityRow, TrackedSummary } from '../capacity/tracked/plan-rows.ts'
import type { EvidenceSource, TrackedUpgrade, UpgradeAction, UpgradeState } from '../capacity/tracked/upgrade-states.ts'
import type { ChainResilience, GroupResilience, MetricResilienceView, ReserveResilience } from '../capacity/resilience/types.ts'
import type { PerfRunRecord } from '../runtime/perf-runs.ts'

export type {
  DeliveryFlag,
  DeliveryOutcome,
  EvidenceSource,
  GroupResilience,
  ChainResilience,
  MetricPlan,
  MetricResilienceView,
  PerfRunPeak,
  PlannedPriorityRow,
  ReserveResilience,
  TrackedSummary,
  TrackedUpgrade,
  UpgradeAction,
  UpgradeState,
}

/** One upgrade option of estate.yaml, with its place in the pipeline (or none yet). */
export interface PlanRow {
  id: string
  app: string
  appName: string
  metric: string
  metricName: string
  unit: string
  option: string
  adds: number
  leadTimeDays: number
  cost: number | null
  /** null: configured but not in the pipeline yet. */
  state: UpgradeState | null
  owner: string | null
  reference: string | null
  expectedDelivery: string | null
  orderedOn: string | null
  deliveredOn: string | null
  evidence: TrackedUpgrade['evidence']
  note: string | null
  updatedAt: string | null
  updatedBy: string | null
  /** The moves open now. */
  actions: UpgradeAction[]
  /** Ordered: does it land before the P90 breach it prevents (late, overdue)? */
  delivery: DeliveryFlag | null
  /** Delivered: is its capacity in the limit, or does estate.yaml already hold it? */
  delivered: DeliveryOutcome | null
  /** The metric's P90 breach with the plan, and without its ordered upgrades. */
  p90Breach: string | null
  unplannedP90Breach: string | null
  /** The metric's rank in GET /api/upgrades, and whether this is the option it would order next. */
  rank: number | null
  nextToOrder: boolean
  /** False for a tracked upgrade whose option is no longer in estate.yaml. */
  configured: boolean
}

/** GET /api/plan (`?format=csv` downloads the same rows). */
export interface PlanResponse {
  /** When the engine last ran (breach dates and flags are from then); null before its first run. */
  generatedAt: string | null
  counts: Record<UpgradeState, number> & { late: number; overdue: number }
  rows: PlanRow[]
}

/**
 * GET /api/plan and a full `upgradePlan` push: the plan as of version `seq`. Versions only grow;
 * they start from the server's clock, so a plan kept from a server's earlier life is never taken
 * for the base of a new one's delta.
 */
export interface PlanState extends PlanResponse {
  seq: number
}

/**
 * An `upgradePlan` push that turns the plan at version `base` into version `seq`: the rows whose
 * content changed or that are new (whole, rank included), and, only when they changed, every row's
 * id in the new order and every row's rank in that order. At 10 000 metrics one moved breach date
 * shifts the rank of thousands of rows: the plan was 6 MB to every socket after most engine passes.
 * A client whose plan is not at `base` fetches GET /api/plan instead.
 */
export interface PlanDelta {
  seq: number
  base: number
  generatedAt: string | null
  counts: PlanResponse['counts']
  rows: PlanRow[]
  order?: string[]
  ranks?: (number | null)[]
}

/** POST /api/plan/:id/:action body; which fields count depends on the action. */
export interface MoveUpgradeBody {
  owner?: string
  reference?: string
  expectedDelivery?: string
  deliveredOn?: string
  source?: EvidenceSource
  note?: string
}

/** One audit entry as the API sends it. */
export interface PlanAuditEntry {
  at: string
  actor: string
  role: string
  action: string
  target: string
  detail: unknown
}

/** GET /api/plan/audit[?id=&limit=] */
export interface PlanAuditResponse {
  entries: PlanAuditEntry[]
}

/** GET /api/resilience */
export interface ResilienceResponse {
  generatedAt: string
  groups: GroupResilience[]
  chains: ChainResilience[]
  reserves: ReserveResilience[]
}

/** A peak of a recorded run against the highest live peak of its metric. */
export interface PerfRunPeakView extends PerfRunPeak {
  livePeak: number | null
  /** livePeak / liveEquivalent. */
  ratio: number | null
  status: 'ok' | 'contradicted' | 'no-data'
}

export interface PerfRunView extends Omit<PerfRunRecord, 'peaks'> {
  peaks: PerfRunPeakView[]
}

export interface EnvironmentView {
  id: string
  name: string
  scaleToLive: number
  apps: Record<string, number>
  sustainMinutes: number
  /** Collectors labelled with it. */
  collectors: string[]
}

/** GET /api/perf-runs */
export interface PerfRunsResponse {
  environments: EnvironmentView[]
  runs: PerfRunView[]
}

/** POST /api/perf-runs (JSON; or text/csv rows environment,from,to[,name]). */
export interface PerfRunBody {
  environment: string
  from: string
  to: string
  name?: string
  apps?: string[]
}

/** POST /api/perf-runs answer: the runs recorded (one for JSON, one per CSV row) and the rows refused. */
export interface PerfRunsRecorded {
  runs: PerfRunView[]
  errors: { line: number; message: string }[]
}
