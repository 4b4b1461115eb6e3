// What the capacity engine produces. The engine is pure: these values are
// computed from config, series and `now`, never from a clock or the store.
import type { MetricKind } from '../../config/schema.ts'
import type { Rag } from '../limits/rag.ts'
import type { ChainEngineView, MetricEngineView, SnapshotEngineView } from './engine-view.ts'

export type { Rag }

export interface MetricStatus {
  app: string
  metric: string
  name: string
  kind: MetricKind
  unit: string
  /** Latest sample, or null when the series has none yet. */
  value: number | null
  /** ISO time of the latest sample. */
  at: string | null
  /** Highest bucket max over the 24 h before `now`. */
  peak24h: number | null
  /** Effective breakpoint: the tightest limit, scaled to live. */
  breakpoint: number
  /** Name of the limit that sets the breakpoint. */
  limitName: string
  warnAt: number
  criticalAt: number
  /** Latest value / breakpoint. */
  utilisation: number | null
  /** 24 h peak / breakpoint: capacity breaks at the peak, so RAG uses this. */
  peakUtilisation: number | null
  /** breakpoint - 24 h peak, in the metric's unit. */
  headroom: number | null
  /** 1 - peakUtilisation. */
  headroomFraction: number | null
  rag: Rag
  /** One sentence saying why the RAG is what it is. */
  reason: string
  leadTimeDays: number
  /** No sample for estate defaults.staleIntervals × the series' own interval (see capacity/limits/staleness.ts). */
  stale: boolean
  /** Seconds between the latest sample and the snapshot's `now`, or null with no sample. */
  lastSampleAgeSeconds: number | null
  /**
   * Age past which the series counts as stale (staleIntervals × its interval),
   * or null while its interval is unknown. Lets /metrics and the UI judge
   * staleness at their own time, between snapshots.
   */
  staleAfterSeconds: number | null
  /** The utilisation-only RAG, once the engine's slack RAG is merged into `rag` (see engine-view.ts). */
  utilisationRag?: Rag
  /** The engine's forecast verdict; absent until the engine has run. */
  engine?: MetricEngineView
}

export interface ApplicationStatus {
  id: string
  name: string
  layer: string | null
  rag: Rag
  /** The metric with the least headroom (the application's tightest). */
  tightest: MetricStatus | null
  metrics: MetricStatus[]
  utilisationRag?: Rag
}

export interface ChainStepStatus {
  app: string
  metric: string
  fanOut: number
  /** Chain transactions/s this step can carry: breakpoint / fanOut. */
  capacity: number
  /** Chain transactions/s this step sees at its 24 h peak: peak / fanOut. */
  load: number | null
  /** Extra chain transactions/s this step can take before it breaks: (breakpoint - peak) / fanOut. */
  spare: number | null
  headroomFraction: number | null
  rag: Rag
}

export interface ChainStatus {
  id: string
  name: string
  steps: ChainStepStatus[]
  /** Index into steps of the step with the least spare chain throughput, or null when no data yet. */
  bottleneck: number | null
  /** Spare chain transactions/s at the bottleneck. */
  spare: number | null
  headroomFraction: number | null
  rag: Rag
  utilisationRag?: Rag
  engine?: ChainEngineView
}

export interface CapacitySnapshot {
  generatedAt: string
  applications: ApplicationStatus[]
  chains: ChainStatus[]
  /** Legend, RAG rule and top upgrades; absent until the engine has run. */
  engine?: SnapshotEngineView
}
