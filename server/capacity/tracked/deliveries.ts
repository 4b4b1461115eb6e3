// A delivered upgrade changes the limit itself: the binding limit is raised by
// what the upgrade adds and its evidence becomes the delivery (source, date,
// the reference in the note), so every screen, the utilisation RAG and the
// evidence age see the new capacity at once. estate.yaml stays the reviewed
// source: once its own evidence for the metric is as new as the delivery,
// someone has written the new limit in, and the delivery is no longer added.
import type { Estate, MetricConfig } from '../../config/schema.ts'
import { effectiveLimit } from '../limits/limits.ts'
import { raiseBindingLimit } from './capacity-steps.ts'
import type { TrackedUpgrade } from './upgrade-states.ts'

export interface DeliveryOutcome {
  id: string
  app: string
  metric: string
  option: string
  deliveredOn: string
  /** applied: the limit was raised; absorbed: estate.yaml already has newer evidence; orphaned: the metric is gone. */
  status: 'applied' | 'absorbed' | 'orphaned'
  reason: string
}

function applyToMetric(
  metric: MetricConfig,
  deliveries: readonly TrackedUpgrade[],
  out: DeliveryOutcome[],
  app: string,
): MetricConfig {
  const configured = effectiveLimit(metric).limit.evidence.date
  let current = metric
  for (const u of [...deliveries].sort((a, b) => (a.deliveredOn ?? '').localeCompare(b.deliveredOn ?? ''))) {
    const deliveredOn = u.deliveredOn as string
    const row = { id: u.id, app, metric: metric.id, option: u.option, deliveredOn }
    if (configured >= deliveredOn) {
      out.push({
        ...row,
        status: 'absorbed',
        reason: `estate.yaml's limit evidence (${configured}) is as new as the delivery, so it already holds the new capacity`,
      })
      continue
    }
    const binding = effectiveLimit(current)
    const ref = u.reference ? ` (${u.reference})` : ''
    const note = `upgrade "${u.option}" +${u.adds} delivered ${deliveredOn}${ref}${u.evidence?.note ? `: ${u.evidence.note}` : ''}`
    current = raiseBindingLimit(current, u.adds, {
      limitName: `${binding.name} + ${u.option}`,
      evidence: { source: u.evidence?.source ?? 'vendor', date: u.evidence?.date ?? deliveredOn, note },
    })
    out.push({ ...row, status: 'applied', reason: `limit "${binding.name}" raised by ${u.adds} on ${deliveredOn}` })
  }
  return current
}

/** The estate with every delivered upgrade in its limits, and what happened to each delivery. */
export function applyDeliveries(
  estate: Estate,
  tracked: readonly TrackedUpgrade[],
): { estate: Estate; deliveries: DeliveryOutcome[] } {
  const delivered = tracked.filter((u) => u.state === 'delivered' && u.deliveredOn !== null)
  const out: DeliveryOutcome[] = []
  if (delivered.length === 0) return { estate, deliveries: out }
  const used = new Set<string>()
  const applications = estate.applications.map((app) => ({
    ...app,
    metrics: app.metrics.map((m) => {
      const mine = delivered.filter((u) => u.app === app.id && u.metric === m.id)
      for (const u of mine) used.add(u.id)
      return mine.length === 0 ? m : applyToMetric(m, mine, out, app.id)
    }),
  }))
  for (const u of delivered.filter((x) => !used.has(x.id)))
    out.push({
      id: u.id,
      app: u.app,
      metric: u.metric,
      option: u.option,
      deliveredOn: u.deliveredOn as string,
      status: 'orphaned',
      reason: `${u.app}/${u.metric} is no longer in estate.yaml`,
    })
  return { estate: { ...estate, applications }, deliveries: out }
}
