// Socket side of the upgrade pipeline: the `moveUpgrade` command (operator
// role, the same checks and sentences as POST /api/plan/:id/:action) and the
// `upgradePlan` push, sent whenever a move is stored or the engine's verdict
// (breach dates, delivery flags) changes, so every open plan page and wall
// shows the same plan.
import type { Server } from 'socket.io'
import type { Logger } from '../log.ts'
import type { Ack } from '../http/api-types/collectors.ts'
import type { PlanRow } from '../http/api-types/plan.ts'
import { commandOf } from '../http/plan.ts'
import { nextTurn, runSliced, slicer } from '../turns.ts'
import type { UpgradePlan } from '../runtime/upgrade-plan.ts'
import type { Principal, TokenRegistry } from '../security/tokens.ts'
import { planResponse, planResponseSteps, type PlanViewDeps } from '../views/plan.ts'
import { registerCommand } from './commands.ts'
import { wireJson } from '../runtime/packed-json.ts'
import { emitInTurns, packedSender } from './packed-emit.ts'

export interface PlanHandlerDeps extends PlanViewDeps {
  plan: UpgradePlan
  /** Every new engine result (its flags and breach dates are in the plan rows). */
  onEngineResult: (listener: () => void) => () => void
  /** In a cluster pushes go through the Redis adapter to every server's sockets; alone, a group per turn (SOCKETS_PER_TURN). */
  clustered: boolean
  log: Logger
}

export type MoveUpgradeAck = Ack<PlanRow>

async function handleMove(principal: Principal, deps: PlanHandlerDeps, payload: unknown): Promise<MoveUpgradeAck> {
  if (typeof payload !== 'object' || payload === null) return { ok: false, error: 'moveUpgrade needs { id, action, ...fields }.' }
  const { id, action, ...fields } = payload as Record<string, unknown>
  if (typeof id !== 'string' || typeof action !== 'string')
    return { ok: false, error: 'moveUpgrade needs { id, action, ...fields }.' }
  try {
    await deps.plan.move(id, commandOf(action, fields, `moveUpgrade ${id} ${action}`), {
      name: principal.name,
      role: principal.role,
    })
    const row = planResponse(deps).rows.find((r) => r.id === id)
    return row ? { ok: true, data: row } : { ok: false, error: `upgrade "${id}" moved but is no longer listed` }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

export function registerPlanHandlers(io: Server, deps: PlanHandlerDeps, tokens: TokenRegistry): () => void {
  let last: { counts: string; rows: string[] } | null = null
  const broadcast = packedSender<ReturnType<typeof planResponse>>((payload) =>
    deps.clustered ? void io.compress(false).emit('upgradePlan', payload) : emitInTurns(io, null, 'upgradePlan', payload),
  )
  async function pushNow(): Promise<void> {
    const { generatedAt, counts, rows } = await runSliced(planResponseSteps(deps))
    // Serialised once, for the comparison and the wire, and a slice of rows at a time: at 10 000
    // metrics the plan is megabytes of JSON (70 ms in one call). Compared row by row with the last
    // push, so an unchanged plan is never joined into one string (joining, comparing and copying
    // megabytes was an 80 ms turn after every pass).
    const parts: string[] = []
    const checkpoint = slicer()
    for (const row of rows) {
      parts.push(wireJson(row))
      await checkpoint()
    }
    const countsJson = wireJson(counts)
    if (last && last.counts === countsJson && sameStrings(last.rows, parts)) return
    last = { counts: countsJson, rows: parts }
    // generatedAt last, so the text before it is the plan itself. In pieces, never joined here: a
    // fresh 6 MB string (10 000 metrics) took 50-100 ms to build; packJson encodes them in batches.
    const pieces = ['{"counts":', countsJson, ',"rows":[']
    parts.forEach((part, i) => (i === 0 ? pieces.push(part) : pieces.push(',', part)))
    pieces.push('],"generatedAt":', wireJson(generatedAt), '}')
    broadcast({ counts, rows, generatedAt }, pieces)
  }
  // One push at a time, in order: a move stored while the last engine result's plan is being
  // serialised is pushed after it.
  let pushing: Promise<void> = Promise.resolve()
  const push = (): void => {
    pushing = pushing
      .then(pushNow)
      .catch((err: unknown) => deps.log.error({ err }, 'upgrade plan push failed; the next change pushes it again'))
  }
  const stopPlan = deps.plan.onChange(push)
  // On a turn of its own: building the plan for thousands of metrics is tens of ms, not to be added to
  // the engine pass's last slice.
  const stopEngine = deps.onEngineResult(() => void nextTurn().then(push))
  registerCommand(io, tokens, {
    name: 'moveUpgrade',
    access: 'operator',
    handle: (payload, { principal }) => handleMove(principal, deps, payload),
  })
  return () => {
    stopPlan()
    stopEngine()
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
