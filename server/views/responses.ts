// Shapes of the capacity-engine API, shared with the client as type-only
// imports (erased at build): the new snapshot fields, GET /api/upgrades,
// /api/chains[/:id], /api/forecast, /api/scenarios, POST
// /api/scenarios/:id/run, /api/peak-profile, /api/feedback and the
// `runScenario` socket command. Nothing here may import runtime code.
import type { Scenario, ScenarioInput } from '../config/engine-schema.ts'
import type { ScenarioProblem } from '../config/scenario-validate.ts'
import type { LimitConfig, MetricConfig } from '../config/schema.ts'
import type { ChainEngineView, MetricEngineView, SnapshotEngineView } from '../capacity/snapshot/engine-view.ts'
import type { ChainEngineResult, EvidenceStatus } from '../capacity/snapshot/engine-result.ts'
import type { ForecastSummary } from '../capacity/forecast/series-types.ts'
import type { RagLegendEntry } from '../capacity/planning/slack-rag.ts'
import type { ErrorFigures, LimitCheck, VersionAccuracy } from '../capacity/feedback/feedback.ts'
import type { StaleEvidence } from '../capacity/limits/evidence.ts'
import type { ForecastDay, ForecastModel } from '../capacity/forecast/forecast.ts'
import type { ConfiguredModel, FittedModel, VersionProjection } from '../capacity/demand/volumetrics.ts'
import type { PeakProfile } from '../capacity/demand/peak-profile.ts'
import type { PriorityRow } from '../capacity/planning/priority.ts'
import type { UpgradeAction, UpgradeDecision, UpgradeSummary } from '../capacity/planning/upgrade-decisions.ts'
import type { PlannedPriorityRow } from '../capacity/tracked/plan-rows.ts'
import type { ScenarioChainResult, ScenarioMetricResult, ScenarioResult } from '../capacity/demand/scenarios.ts'
import type { Breach } from '../capacity/planning/time-to-breakpoint.ts'
import type { Rag } from '../capacity/snapshot/types.ts'

export type {
  Breach,
  ChainEngineResult,
  ChainEngineView,
  ErrorFigures,
  EvidenceStatus,
  ForecastDay,
  ForecastModel,
  ForecastSummary,
  LimitCheck,
  MetricEngineView,
  PeakProfile,
  PriorityRow,
  Rag,
  RagLegendEntry,
  Scenario,
  ScenarioChainResult,
  ScenarioInput,
  ScenarioMetricResult,
  ScenarioProblem,
  ScenarioResult,
  SnapshotEngineView,
  StaleEvidence,
  UpgradeAction,
  UpgradeDecision,
  UpgradeSummary,
  VersionAccuracy,
}

/*
 * Snapshot (`snapshot` push and GET /api/snapshot): additive, optional fields,
 * present once the engine has run (a few seconds after start):
 *   snapshot.engine: SnapshotEngineView            legend, ragRule, topUpgrades, pending
 *   application.metrics[i].engine: MetricEngineView  breach dates, order-by, slack, evidence
 *   application.metrics[i].utilisationRag: Rag      the RAG before slack
 *   application.utilisationRag / chain.utilisationRag: Rag
 *   chain.engine: ChainEngineView                   next bottleneck, first breach
 * `rag` on metric, application and chain is then the combined RAG (see ragRule).
 */

/** GET /api/upgrades (JSON). `?format=csv` gives the same rows as CSV with a download name. */
export interface UpgradesResponse {
  generatedAt: string
  /** Series whose forecast is still provisional; the ranking may still move while > 0. */
  pending: number
  /** Ranked with the plan in force (ordered upgrades move breach and slack); `tracked` is what is in the pipeline. */
  upgrades: PlannedPriorityRow[]
  /** What to order now and the next order-by date. */
  summary: UpgradeSummary
  /** Per row ('app/metric'): its action and one short line (the row's `why` is the full reasoning). */
  decisions: Record<string, UpgradeDecision>
}

/** One chain as GET /api/chains lists it: the engine's capacity view plus its name and RAG. */
export interface ChainView extends ChainEngineResult {
  id: string
  name: string
  rag: Rag
  /** Earliest order-by date among the steps, with the step. */
  firstOrderBy: { key: string; date: string } | null
}

/** GET /api/chains */
export interface ChainsResponse {
  generatedAt: string
  chains: ChainView[]
}

/** GET /api/chains/:id */
export type ChainResponse = ChainView

/** GET /api/forecast?app=&metric= (app=drivers&metric=<driver id> for a driver). */
export interface ForecastResponse {
  app: string
  metric: string
  kind: 'metric' | 'driver'
  unit: string
  /** Null for drivers. */
  breakpoint: number | null
  generatedAt: string
  /** Null when refused; `reason` says why (e.g. too little history). */
  summary: ForecastSummary | null
  reason: string | null
  /** Daily peak P50/P90 for every horizon day; empty when refused. */
  days: ForecastDay[]
  /** Back-test (holdout) error of the model on this series, or null with `backtestReason`. */
  backtest: ForecastSummary['backtest']
  backtestReason: string | null
  p50Breach: Breach | null
  p90Breach: Breach | null
  breachReason: string | null
  orderBy: string | null
  slackDays: number | null
}

/** GET /api/scenarios */
export interface ScenariosResponse {
  scenarios: Scenario[]
}

/**
 * POST /api/scenarios/:id/run body (all optional): ad-hoc changes on top of the
 * saved scenario; each given field replaces the saved one. Runs change nothing.
 */
export interface ScenarioOverrides {
  multipliers?: Record<string, number>
  growthPerMonth?: Record<string, number>
  spike?: { drivers: string[]; factor: number; hours: number } | null
  capacityLoss?: { app: string; metric?: string; fraction: number; note?: string }[]
  upgrades?: { app: string; metric: string; upgrade: string; from: string }[]
}

export interface ScenarioRunResponse extends ScenarioResult {
  name: string
  description: string | null
  ranAt: string
  /** The scenario as run (saved + overrides). */
  applied: Scenario
  /** Driver levels the multipliers scaled: each driver's 24 h peak. */
  drivers: Record<string, number>
  /** Chains whose bottleneck moves under the scenario. */
  movedChains: string[]
  summary: string
}

/**
 * POST /api/scenarios/what-if (operator): runs a scenario composed in the
 * what-if editor against the live data; changes nothing. Validated like
 * scenarios.yaml: a 400 carries every problem with its field path.
 * POST /api/scenarios/what-if/yaml (operator): the same body, answered with
 * the YAML block for config/scenarios.yaml.
 */
export interface WhatIfRequest {
  scenario: ScenarioInput
}

/** 400 from the what-if routes: `error` names every problem; `problems` has them one by one. */
export interface ScenarioProblemsResponse {
  error: string
  problems: ScenarioProblem[]
}

export interface WhatIfYamlResponse {
  id: string
  /** The block to paste under `scenarios:` in config/scenarios.yaml. */
  yaml: string
}

/**
 * PUT /api/scenarios/:id (admin), body WhatIfRequest: writes the scenario into
 * config/scenarios.yaml (replacing one with the same id), then reloads the
 * config. A save that would make the file invalid is refused (400) with the
 * loader's "scenarios.yaml:LINE path: message" lines and nothing is written.
 */
export interface ScenarioSaveResponse {
  id: string
  file: string
  replaced: boolean
  yaml: string
  /** Null when the reload applied; else why the config in force is still the old one. */
  reloadError: string | null
}

/** Socket command `runScenario`: payload and ack (one shape for every ack). */
export interface RunScenarioCommand {
  id: string
  overrides?: ScenarioOverrides
}
export type RunScenarioAck = { ok: true; data: ScenarioRunResponse } | { ok: false; error: string }

/** GET /api/peak-profile?driver=<id> | ?app=&metric=, &window=<minutes>&days=<n>; ?format=csv|json downloads. */
export interface PeakProfileResponse {
  subject: { kind: 'driver'; driver: string } | { kind: 'metric'; app: string; metric: string }
  unit: string
  from: string
  to: string
  windowMinutes: number
  profile: PeakProfile
}

/** One stored forecast version of one driver. */
export interface ForecastVersionInfo {
  driver: string
  version: string
  from: string
  to: string
  rows: number
}

/** GET /api/feedback */
export interface FeedbackResponse {
  generatedAt: string
  versions: ForecastVersionInfo[]
  /** Per version, driver and month where forecast and actuals overlap. */
  accuracy: VersionAccuracy[]
  /** Per version and driver over every overlapping day. */
  overall: (ErrorFigures & { version: string; driver: string })[]
  /** How daily actuals are formed from the driver series, per driver (sum of an hourly rate, or mean of a level). */
  actualsRule: Record<string, string>
  /** Perf-test limits from estate.yaml, then imported perf-test results (limit "Imported perf test <date>"), each against the highest live peak. */
  perfTests: LimitCheck[]
  staleEvidence: StaleEvidence[]
  contradicted: LimitCheck[]
  /** Why a section is empty, e.g. "no driver forecast imported yet". */
  notes: string[]
}

/** Helper aliases the client may want. */
export type Upgrade = MetricConfig['upgrades'][number]
export type EvidenceSource = LimitConfig['evidence']['source']

/** GET /api/volumetrics[?version=]: capability 8, fitted vs configured load models and projected breaches per forecast version. */
export interface VolumetricsResponse {
  generatedAt: string
  /** R² floor from engine.yaml (loadModelMinR2): fits below it are refused. */
  minR2: number
  /** Hours of history the fits used (the engine's window). */
  historyDays: number
  /** Forecast versions present in the store (all, even when ?version= narrows the projections). */
  versions: string[]
  metrics: VolumetricMetric[]
  /** How daily forecasts become hourly driver values. */
  method: string
  notes: string[]
}

export interface VolumetricMetric {
  app: string
  metric: string
  unit: string
  kind: string
  breakpoint: number
  configured: ConfiguredModel | null
  fitted: FittedModel
  /** Per forecast version; empty with `projectionNote` when the metric cannot be projected. */
  projections: VolumetricProjection[]
  projectionNote: string | null
}

/** One forecast version projected onto one metric (the engine's own shape). */
export type VolumetricProjection = VersionProjection

/** GET /api/report: the capacity report (shapes in report-types.ts). */
export type * from './report-types.ts'
