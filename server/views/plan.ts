// The plan page's rows: every upgrade option of estate.yaml with its place in
// the pipeline, joined with the engine's latest verdict for its metric (the
// P90 breach with and without the plan, the delivery flag, the ranking).
import type { DeliveryOutcome } from '../capacity/tracked/deliveries.ts'
import { actionsFrom, UPGRADE_STATES, type TrackedUpgrade } from '../capacity/tracked/upgrade-states.ts'
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import type { Estate } from '../config/schema.ts'
import { optionsById } from '../runtime/upgrade-plan.ts'
import type { PlanResponse, PlanRow } from './plan-responses.ts'

export interface PlanViewDeps {
  estate: () => Estate
  tracked: () => readonly TrackedUpgrade[]
  engine: () => EngineResult | null
  deliveries: () => readonly DeliveryOutcome[]
}

const ORDER: Record<string, number> = { ordered: 0, approved: 1, proposed: 2, delivered: 3, cancelled: 4 }

type Names = Pick<PlanRow, 'appName' | 'metricName' | 'unit'>

/** Display names by "app/metric", looked up once per plan (a search per row was rows x applications). */
const namesByEstate = new WeakMap<Estate, (app: string, metric: string) => Names>()

function namesOf(estate: Estate): (app: string, metric: string) => Names {
  const known = namesByEstate.get(estate)
  if (known) return known
  const apps = new Map(estate.applications.map((a) => [a.id, a]))
  const metrics = new Map(estate.applications.flatMap((a) => a.metrics.map((m) => [`${a.id}/${m.id}`, m] as const)))
  const names = (app: string, metric: string): Names => {
    const m = metrics.get(`${app}/${metric}`)
    return { appName: apps.get(app)?.name ?? app, metricName: m?.name ?? metric, unit: m?.unit ?? '' }
  }
  namesByEstate.set(estate, names)
  return names
}

/** localeCompare's order, with the collator made once instead of per comparison. */
const byId = new Intl.Collator().compare

/** The plan's rows, yielding after each one: a caller building the plan of 10 000 metrics gives its event loop turns. */
export function* planRowsSteps(deps: PlanViewDeps): Generator<void, PlanRow[], void> {
  const estate = deps.estate()
  const result = deps.engine()
  const tracked = new Map(deps.tracked().map((u) => [u.id, u]))
  const options = optionsById(estate)
  const metrics = new Map(result?.metrics.map((m) => [m.key, m]) ?? [])
  const ranks = new Map(result?.upgrades.map((u) => [`${u.app}/${u.metric}`, u.rank]) ?? [])
  const delivered = new Map(deps.deliveries().map((d) => [d.id, d]))
  const ids = [...new Set([...tracked.keys(), ...options.keys()])]
  const names = namesOf(estate)
  const rows: PlanRow[] = []
  for (const id of ids) {
    const t = tracked.get(id) ?? null
    const o = options.get(id)
    const app = t?.app ?? (o?.app as string)
    const metric = t?.metric ?? (o?.metric as string)
    const m = metrics.get(`${app}/${metric}`)
    rows.push({
      id,
      app,
      metric,
      ...names(app, metric),
      option: t?.option ?? (o?.option.name as string),
      adds: t?.adds ?? (o?.option.adds as number),
      leadTimeDays: t?.leadTimeDays ?? (o?.option.leadTimeDays as number),
      cost: t ? t.cost : (o?.option.cost ?? null),
      state: t?.state ?? null,
      owner: t?.owner ?? null,
      reference: t?.reference ?? null,
      expectedDelivery: t?.expectedDelivery ?? null,
      orderedOn: t?.orderedOn ?? null,
      deliveredOn: t?.deliveredOn ?? null,
      evidence: t?.evidence ?? null,
      note: t?.note ?? null,
      updatedAt: t?.updatedAt ?? null,
      updatedBy: t?.updatedBy ?? null,
      actions: actionsFrom(t?.state ?? null),
      delivery: m?.plan?.deliveries.find((d) => d.id === id) ?? null,
      delivered: delivered.get(id) ?? null,
      p90Breach: m?.p90Breach?.date ?? null,
      unplannedP90Breach: m?.plan ? (m.plan.unplannedP90Breach?.date ?? null) : (m?.p90Breach?.date ?? null),
      rank: ranks.get(`${app}/${metric}`) ?? null,
      nextToOrder: m?.upgrade?.name === (t?.option ?? o?.option.name),
      configured: o !== undefined,
    })
    yield
  }
  return rows.sort(
    (a, b) =>
      (a.state === null ? 9 : (ORDER[a.state] ?? 9)) - (b.state === null ? 9 : (ORDER[b.state] ?? 9)) ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      byId(a.id, b.id),
  )
}

/** The plan page's answer (views/plan-feed.ts versions it), a row per step (planRowsSteps). */
export function* planResponseSteps(deps: PlanViewDeps): Generator<void, PlanResponse, void> {
  const rows = yield* planRowsSteps(deps)
  const counts = Object.fromEntries(
    UPGRADE_STATES.map((s) => [s, rows.filter((r) => r.state === s).length]),
  ) as PlanResponse['counts']
  counts.late = rows.filter((r) => r.delivery?.daysLate !== null && r.delivery?.daysLate !== undefined).length
  counts.overdue = rows.filter((r) => r.delivery?.daysOverdue !== null && r.delivery?.daysOverdue !== undefined).length
  return { generatedAt: deps.engine()?.generatedAt ?? null, counts, rows }
}
