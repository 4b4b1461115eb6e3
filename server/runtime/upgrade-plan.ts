// The upgrade pipeline as the server keeps it: every tracked upgrade is a
// state document (kind 'upgrade') and every move an audit entry (kind
// 'upgrade') in the store, on DuckDB and InfluxDB alike (store/state-types.ts,
// the same calls alerts use). A move is written before it is answered, so an
// acknowledged move survives a restart. Moves run one at a time, so two
// operators pressing "order" together get one order and one refusal.
import type { Estate, MetricConfig } from '../config/schema.ts'
import {
  MOVES_FROM,
  moveUpgrade,
  upgradeId,
  type TrackedUpgrade,
  type UpgradeCommand,
} from '../capacity/tracked/upgrade-states.ts'
import { HttpError } from '../request-error.ts'
import type { AuditEntry, AuditQuery, StateStore } from '../store/state-types.ts'

export const UPGRADE_KIND = 'upgrade'

export interface Actor {
  name: string
  role: string
}

export interface UpgradePlan {
  /** Reads the pipeline from the store; call once before serving. */
  load(): Promise<void>
  list(): TrackedUpgrade[]
  /** Applies one move, stores it and its audit entry; throws HttpError 404/409/400 with the reason. */
  move(id: string, command: UpgradeCommand, actor: Actor): Promise<TrackedUpgrade>
  audit(query?: Omit<AuditQuery, 'kind'>): Promise<AuditEntry[]>
  onChange(listener: (plan: TrackedUpgrade[]) => void): () => void
}

export interface ConfiguredOption {
  app: string
  metric: string
  option: MetricConfig['upgrades'][number]
}

/** Every configured option by its pipeline id. */
const optionsOf = new WeakMap<Estate, ReadonlyMap<string, ConfiguredOption>>()

/** Every configured upgrade option by its id; worked out once per estate (a config reload is a new one). */
export function optionsById(estate: Estate): ReadonlyMap<string, ConfiguredOption> {
  const known = optionsOf.get(estate)
  if (known) return known
  const out = new Map<string, ConfiguredOption>()
  for (const app of estate.applications)
    for (const m of app.metrics)
      for (const option of m.upgrades) out.set(upgradeId(app.id, m.id, option.name), { app: app.id, metric: m.id, option })
  optionsOf.set(estate, out)
  return out
}

function isTracked(doc: unknown): doc is TrackedUpgrade {
  if (typeof doc !== 'object' || doc === null) return false
  const d = doc as Record<string, unknown>
  return (
    typeof d.id === 'string' &&
    typeof d.app === 'string' &&
    typeof d.metric === 'string' &&
    typeof d.state === 'string' &&
    typeof d.adds === 'number'
  )
}

/** The command's own fields, for the audit entry's detail (no undefined keys). */
function fieldsOf(command: UpgradeCommand): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command).filter(([k, v]) => k !== 'action' && v !== undefined))
}

export function createUpgradePlan(deps: { store: StateStore; estate: () => Estate; now?: () => Date }): UpgradePlan {
  const now = deps.now ?? (() => new Date())
  const tracked = new Map<string, TrackedUpgrade>()
  const listeners = new Set<(plan: TrackedUpgrade[]) => void>()
  let queue: Promise<unknown> = Promise.resolve()
  const list = (): TrackedUpgrade[] => [...tracked.values()].sort((a, b) => a.id.localeCompare(b.id))

  async function apply(id: string, command: UpgradeCommand, actor: Actor): Promise<TrackedUpgrade> {
    const current = tracked.get(id) ?? null
    const configured = optionsById(deps.estate()).get(id)
    if (!current && !configured) throw new HttpError(404, `No upgrade option "${id}" in estate.yaml or the pipeline.`)
    const target = current
      ? { app: current.app, metric: current.metric, option: configured?.option ?? null }
      : { app: configured!.app, metric: configured!.metric, option: configured!.option }
    const at = now()
    const moved = moveUpgrade(current, target, command, { now: at, actor: actor.name })
    if (!moved.ok) {
      const wrongState = !MOVES_FROM[command.action].includes(current?.state ?? null)
      throw new HttpError(wrongState ? 409 : 400, moved.reason)
    }
    const next = moved.value
    await deps.store.putState(UPGRADE_KIND, id, next)
    await deps.store.appendAudit({
      at,
      kind: UPGRADE_KIND,
      actor: actor.name,
      role: actor.role,
      action: command.action,
      target: id,
      detail: {
        app: next.app,
        metric: next.metric,
        option: next.option,
        from: current?.state ?? null,
        to: next.state,
        ...fieldsOf(command),
      },
    })
    tracked.set(id, next)
    const snapshot = list()
    for (const l of listeners) l(snapshot)
    return next
  }

  return {
    async load() {
      tracked.clear()
      for (const record of await deps.store.listState(UPGRADE_KIND)) if (isTracked(record.doc)) tracked.set(record.id, record.doc)
    },
    list,
    move(id, command, actor) {
      const run = queue.then(() => apply(id, command, actor))
      queue = run.catch(() => undefined)
      return run
    },
    audit: (query) => deps.store.readAudit({ ...query, kind: UPGRADE_KIND }),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
