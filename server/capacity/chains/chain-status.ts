// E2E chain status: a chain carries transactions through ordered steps, each
// step seeing fanOut messages per chain transaction. Its bottleneck is the
// step with the least spare capacity in chain transactions/s: the first
// step to break if more transactions enter the chain.
import type { ChainConfig, Estate } from '../../config/schema.ts'
import { ragFromUtilisation, worstRag } from '../limits/rag.ts'
import type { ChainStatus, ChainStepStatus, MetricStatus } from '../snapshot/types.ts'

export function computeChainStatus(
  estate: Estate,
  chain: ChainConfig,
  metricStatus: (app: string, metric: string) => MetricStatus | undefined,
): ChainStatus {
  const steps: ChainStepStatus[] = chain.steps.map((step) => {
    const status = metricStatus(step.app, step.metric)
    const breakpoint = status?.breakpoint ?? Number.NaN
    const peak = status?.peak24h ?? null
    const capacity = breakpoint / step.fanOut
    return {
      app: step.app,
      metric: step.metric,
      fanOut: step.fanOut,
      capacity,
      load: peak === null ? null : peak / step.fanOut,
      spare: peak === null ? null : (breakpoint - peak) / step.fanOut,
      headroomFraction: status?.headroomFraction ?? null,
      rag: status?.rag ?? 'unknown',
    }
  })

  let bottleneck: number | null = null
  steps.forEach((step, i) => {
    if (step.spare === null) return
    const current = bottleneck === null ? null : steps[bottleneck]
    if (!current || current.spare === null || step.spare < current.spare) bottleneck = i
  })
  const tightest = bottleneck === null ? null : steps[bottleneck]
  const headroomFraction = tightest?.headroomFraction ?? null
  const rag =
    headroomFraction === null
      ? 'unknown'
      : worstRag([ragFromUtilisation(1 - headroomFraction, estate.defaults).rag, ...steps.map((s) => s.rag)])
  return {
    id: chain.id,
    name: chain.name,
    steps,
    bottleneck,
    spare: tightest?.spare ?? null,
    headroomFraction,
    rag,
  }
}
