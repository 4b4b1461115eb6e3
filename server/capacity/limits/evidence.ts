// A limit is only as good as its evidence: a two-year-old performance test
// on last release's hardware says little about today's breakpoint. Flags
// limits whose evidence is older than the configured age.
import type { Estate, LimitConfig } from '../../config/schema.ts'
import { DAY_MS, toMs } from '../forecast/types.ts'
import { runSteps } from '../steps.ts'

export interface StaleEvidence {
  app: string
  metric: string
  limit: string
  source: LimitConfig['evidence']['source']
  date: string
  ageDays: number
  reason: string
}

export function evidenceAgeDays(limit: LimitConfig, now: Date | number): number {
  return Math.floor((toMs(now) - Date.parse(`${limit.evidence.date}T00:00:00Z`)) / DAY_MS)
}

/** Every limit in the estate whose evidence is older than `maxAgeDays` (default: the estate's setting). */
export function findStaleEvidence(
  estate: Estate,
  now: Date | number,
  maxAgeDays = estate.defaults.evidenceMaxAgeDays,
): StaleEvidence[] {
  return runSteps(findStaleEvidenceSteps(estate, now, maxAgeDays))
}

/** findStaleEvidence(), yielding after each application. */
export function* findStaleEvidenceSteps(
  estate: Estate,
  now: Date | number,
  maxAgeDays = estate.defaults.evidenceMaxAgeDays,
): Generator<void, StaleEvidence[]> {
  const out: StaleEvidence[] = []
  for (const app of estate.applications) {
    yield
    for (const metric of app.metrics) {
      for (const limit of metric.limits) {
        const ageDays = evidenceAgeDays(limit, now)
        if (ageDays <= maxAgeDays) continue
        out.push({
          app: app.id,
          metric: metric.id,
          limit: limit.name,
          source: limit.evidence.source,
          date: limit.evidence.date,
          ageDays,
          reason: `${limit.evidence.source} evidence from ${limit.evidence.date} is ${ageDays} days old (limit ${maxAgeDays}); re-test or re-confirm`,
        })
      }
    }
  }
  return out.sort((a, b) => b.ageDays - a.ageDays)
}
