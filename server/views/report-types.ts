// GET /api/report?asOf=YYYY-MM-DD: the capacity report for a review board,
// as of the end of a chosen day. Every figure is the engine's (or the
// feedback view's); the page, the printable HTML and the CLI only lay them out.
import type { Rag } from '../capacity/snapshot/types.ts'
import type { UpgradeAction, UpgradeSummary } from '../capacity/planning/upgrade-decisions.ts'

export interface ReportApplication {
  id: string
  name: string
  rag: Rag
  /** Why it has that colour (its tightest metric's reason). */
  reason: string
  tightest: { metric: string; name: string; peakUtilisation: number | null } | null
}

export interface ReportRisk {
  key: string
  app: string
  metric: string
  /** "SM2M platform · Licence TPS" */
  label: string
  rag: Rag
  peakUtilisation: number | null
  p50Breach: string | null
  p90Breach: string
  orderBy: string | null
  slackDays: number | null
}

export interface ReportUpgrade {
  rank: number
  key: string
  label: string
  upgrade: string | null
  action: UpgradeAction
  orderBy: string | null
  slackDays: number | null
  leadTimeDays: number | null
  cost: number | null
  line: string
}

export interface ReportAccuracy {
  driver: string
  driverName: string
  version: string
  /** Days where the version and complete days of actuals overlap. */
  n: number
  mape: number | null
  wape: number | null
  bias: number | null
}

export interface ReportRetest {
  key: string
  label: string
  limit: string
  why: 'stale evidence' | 'contradicted by live peaks'
  reason: string
}

export interface ReportPeakProfile {
  driver: string
  driverName: string
  unit: string
  /** First and last whole day the profile averages (YYYY-MM-DD). */
  from: string
  to: string
  dailyVolume: number
  peakWindow: { start: string; end: string; share: number }
  /** Share of the average day per slot, for the intraday shape. */
  slots: { start: string; share: number }[]
  summary: string
}

export interface ReportResponse {
  estate: string
  /** The day the report is as of (its end). */
  asOf: string
  generatedAt: string
  /** True when as of today (the live engine result); false for a past day (a fresh engine pass over history). */
  live: boolean
  rag: {
    counts: Record<Rag, number>
    applications: ReportApplication[]
  }
  /** Metrics with a P90 breach within the horizon, soonest first (at most 10). */
  risks: ReportRisk[]
  upgrades: { summary: UpgradeSummary; rows: ReportUpgrade[] }
  accuracy: ReportAccuracy[]
  retest: ReportRetest[]
  peakProfiles: ReportPeakProfile[]
  /** Why a section is empty, or how a figure was formed. */
  notes: string[]
}
