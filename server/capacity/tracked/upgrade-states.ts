// The upgrade pipeline: an option from estate.yaml is proposed, approved,
// ordered (owner, reference/PO, expected delivery date) and delivered, or
// cancelled on the way. Pure: the caller passes `now` and the actor, stores
// the result and writes the audit entry. Only an ordered upgrade changes the
// forecast (a step in the breakpoint on its delivery date); a delivered one
// changes the limit itself (deliveries.ts).
import type { LimitConfig, MetricConfig } from '../../config/schema.ts'
import { isoDay, toMs, type Maybe } from '../forecast/types.ts'

export const UPGRADE_STATES = ['proposed', 'approved', 'ordered', 'delivered', 'cancelled'] as const
export type UpgradeState = (typeof UPGRADE_STATES)[number]

export const UPGRADE_ACTIONS = ['propose', 'approve', 'order', 'reschedule', 'deliver', 'cancel'] as const
export type UpgradeAction = (typeof UPGRADE_ACTIONS)[number]

export type EvidenceSource = LimitConfig['evidence']['source']
type UpgradeOption = MetricConfig['upgrades'][number]

export interface TrackedUpgrade {
  /** `<app>.<metric>.<option slug>`: one pipeline entry per configured option. */
  id: string
  app: string
  metric: string
  /** The option's name in estate.yaml. */
  option: string
  /** Copied from the option when proposed: an order keeps what was bought even if the file changes later. */
  adds: number
  leadTimeDays: number
  cost: number | null
  state: UpgradeState
  owner: string | null
  /** Purchase order or change reference. */
  reference: string | null
  /** YYYY-MM-DD the capacity is expected live. */
  expectedDelivery: string | null
  orderedOn: string | null
  deliveredOn: string | null
  /** The limit's new evidence, recorded on delivery. */
  evidence: { source: EvidenceSource; date: string; note: string | null } | null
  /** The latest comment given with a move (a cancellation's reason, a reschedule's cause). */
  note: string | null
  updatedAt: string
  updatedBy: string
}

export type UpgradeCommand =
  | { action: 'propose'; note?: string }
  | { action: 'approve'; note?: string }
  | { action: 'order'; owner: string; reference: string; expectedDelivery: string; note?: string }
  | { action: 'reschedule'; expectedDelivery?: string; owner?: string; reference?: string; note?: string }
  | { action: 'deliver'; deliveredOn?: string; source?: EvidenceSource; note?: string }
  | { action: 'cancel'; note?: string }

/** Which states each move starts from: proposed → approved → ordered → delivered; cancel from any open state. */
export const MOVES_FROM: Record<UpgradeAction, readonly (UpgradeState | null)[]> = {
  propose: [null, 'cancelled'],
  approve: ['proposed'],
  order: ['approved'],
  reschedule: ['ordered'],
  deliver: ['ordered'],
  cancel: ['proposed', 'approved', 'ordered'],
}

const NEXT: Record<UpgradeAction, UpgradeState> = {
  propose: 'proposed',
  approve: 'approved',
  order: 'ordered',
  reschedule: 'ordered',
  deliver: 'delivered',
  cancel: 'cancelled',
}

export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/\+/g, ' plus ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'upgrade'
  )
}

export function upgradeId(app: string, metric: string, option: string): string {
  return `${app}.${metric}.${slugOf(option)}`
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
function validDate(text: string): boolean {
  return DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && isoDay(Date.parse(`${text}T00:00:00Z`)) === text
}

/** The actions open to an upgrade in this state (for buttons and error messages). */
export function actionsFrom(state: UpgradeState | null): UpgradeAction[] {
  return UPGRADE_ACTIONS.filter((a) => MOVES_FROM[a].includes(state))
}

function checkFields(command: UpgradeCommand, today: string): string | null {
  if (command.action === 'order') {
    if (!command.owner.trim()) return 'order needs an owner (who chases the delivery)'
    if (!command.reference.trim()) return 'order needs a reference (the purchase order or change number)'
  }
  if ((command.action === 'order' || command.action === 'reschedule') && command.expectedDelivery !== undefined) {
    if (!validDate(command.expectedDelivery))
      return `expectedDelivery must be a date like 2026-12-01; got "${command.expectedDelivery}"`
  }
  if (command.action === 'reschedule' && !command.expectedDelivery && !command.owner && !command.reference)
    return 'reschedule needs a new expectedDelivery, owner or reference'
  if (command.action === 'deliver' && command.deliveredOn !== undefined) {
    if (!validDate(command.deliveredOn)) return `deliveredOn must be a date like 2026-12-01; got "${command.deliveredOn}"`
    if (command.deliveredOn > today)
      return `deliveredOn ${command.deliveredOn} is in the future; record the delivery when it is live`
  }
  return null
}

/**
 * The upgrade after `command`, or why the move is refused (wrong state,
 * missing owner/reference/date). `option` is the configured option (needed to
 * propose); `current` the stored entry or null.
 */
export function moveUpgrade(
  current: TrackedUpgrade | null,
  target: { app: string; metric: string; option: UpgradeOption | null },
  command: UpgradeCommand,
  ctx: { now: Date | number; actor: string },
): Maybe<TrackedUpgrade> {
  const name = current?.option ?? target.option?.name ?? '?'
  const state = current?.state ?? null
  if (!MOVES_FROM[command.action].includes(state)) {
    const open = actionsFrom(state)
    const where = state === null ? 'it is not in the pipeline yet' : `it is ${state}`
    return {
      ok: false,
      reason: `cannot ${command.action} "${name}": ${where}; possible now: ${open.join(', ') || 'nothing (final state)'}`,
    }
  }
  const today = isoDay(toMs(ctx.now))
  const problem = checkFields(command, today)
  if (problem) return { ok: false, reason: `cannot ${command.action} "${name}": ${problem}` }
  const stamp = { updatedAt: new Date(toMs(ctx.now)).toISOString(), updatedBy: ctx.actor, note: command.note?.trim() || null }
  if (command.action === 'propose') {
    const option = target.option
    if (!option) return { ok: false, reason: `${target.app}/${target.metric} has no upgrade option "${name}" in estate.yaml` }
    return { ok: true, value: { ...fresh(target.app, target.metric, option), state: 'proposed', ...stamp } }
  }
  const base = current as TrackedUpgrade
  const next: TrackedUpgrade = { ...base, state: NEXT[command.action], ...stamp }
  if (command.action === 'order') {
    Object.assign(next, {
      owner: command.owner.trim(),
      reference: command.reference.trim(),
      expectedDelivery: command.expectedDelivery,
      orderedOn: today,
    })
  } else if (command.action === 'reschedule') {
    if (command.expectedDelivery) next.expectedDelivery = command.expectedDelivery
    if (command.owner?.trim()) next.owner = command.owner.trim()
    if (command.reference?.trim()) next.reference = command.reference.trim()
  } else if (command.action === 'deliver') {
    const on = command.deliveredOn ?? today
    next.deliveredOn = on
    next.evidence = { source: command.source ?? 'vendor', date: on, note: stamp.note }
  }
  return { ok: true, value: next }
}

function fresh(
  app: string,
  metric: string,
  option: UpgradeOption,
): Omit<TrackedUpgrade, 'state' | 'updatedAt' | 'updatedBy' | 'note'> {
  return {
    id: upgradeId(app, metric, option.name),
    app,
    metric,
    option: option.name,
    adds: option.adds,
    leadTimeDays: option.leadTimeDays,
    cost: option.cost ?? null,
    owner: null,
    reference: null,
    expectedDelivery: null,
    orderedOn: null,
    deliveredOn: null,
    evidence: null,
  }
}
