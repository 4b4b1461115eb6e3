// RAG from utilisation against thresholds. Thresholds are fractions of the
// breakpoint, per metric or from the estate defaults.

/** Red / amber / green, or unknown while nothing is known. */
export type Rag = 'green' | 'amber' | 'red' | 'unknown'

export interface Thresholds {
  warn: number
  critical: number
}

export interface RagResult {
  rag: Rag
  reason: string
}

export function ragFromUtilisation(peakUtilisation: number | null, t: Thresholds): RagResult {
  if (peakUtilisation === null) return { rag: 'unknown', reason: 'no samples yet' }
  const pct = (x: number): string => `${Math.round(x * 100)} %`
  if (peakUtilisation >= 1) return { rag: 'red', reason: `24 h peak is at or over the breakpoint (${pct(peakUtilisation)})` }
  if (peakUtilisation >= t.critical)
    return { rag: 'red', reason: `24 h peak ${pct(peakUtilisation)} of breakpoint ≥ critical ${pct(t.critical)}` }
  if (peakUtilisation >= t.warn)
    return { rag: 'amber', reason: `24 h peak ${pct(peakUtilisation)} of breakpoint ≥ warn ${pct(t.warn)}` }
  return { rag: 'green', reason: `24 h peak ${pct(peakUtilisation)} of breakpoint, below warn ${pct(t.warn)}` }
}

const order: Record<Rag, number> = { unknown: 0, green: 1, amber: 2, red: 3 }

/** The worse of RAG values; unknown only when nothing is known. */
export function worstRag(rags: readonly Rag[]): Rag {
  let worst: Rag = 'unknown'
  for (const r of rags) if (order[r] > order[worst]) worst = r
  return worst
}
