// Socket side of the upgrade pipeline: the `moveUpgrade` command (operator
// role, the same checks and sentences as POST /api/plan/:id/:action) and the
// `upgradePlan` push, sent whenever a move is stored or the engine's verdict
// (breach dates, delivery flags) changes, so every open plan page and wall
// shows the same plan: the feed's delta (views/plan-feed.ts) on top of the
// plan a client fetched from GET /api/plan, the whole plan in a cluster.
import type { Server } from 'socket.io'
import type { Ack } from '../http/api-types/collectors.ts'
import type { PlanDelta, PlanRow, PlanState } from '../http/api-types/plan.ts'
import { commandOf } from '../http/plan.ts'
import type { UpgradePlan } from '../runtime/upgrade-plan.ts'
import type { Principal, TokenRegistry } from '../security/tokens.ts'
import type { PlanFeed } from '../views/plan-feed.ts'
import { registerCommand } from './commands.ts'
import { wireJsonPieces } from '../runtime/packed-json.ts'
import { emitInTurns, packedSender } from './packed-emit.ts'

export interface PlanHandlerDeps {
  plan: UpgradePlan
  feed: PlanFeed
  /** In a cluster pushes go through the Redis adapter to every server's sockets; alone, a group per turn (SOCKETS_PER_TURN). */
  clustered: boolean
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
    const row = (await deps.feed.latest()).rows.find((r) => r.id === id)
    return row ? { ok: true, data: row } : { ok: false, error: `upgrade "${id}" moved but is no longer listed` }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

export function registerPlanHandlers(io: Server, deps: PlanHandlerDeps, tokens: TokenRegistry): () => void {
  const broadcast = packedSender<PlanState | PlanDelta>((payload) =>
    deps.clustered ? void io.compress(false).emit('upgradePlan', payload) : emitInTurns(io, null, 'upgradePlan', payload),
  )
  const stopPushes = deps.feed.onChange(({ state, delta }) => {
    // In a cluster every server builds and pushes its own plan (its own versions) to every socket
    // through the adapter: a delta from one would not apply to a plan from another, so the whole plan
    // goes. Alone, the delta: a slice of rows at a time, packed in pieces, never one joined string.
    if (deps.clustered) broadcast(state, wireJsonPieces({ ...state }))
    else broadcast(delta, wireJsonPieces({ ...delta }))
  })
  registerCommand(io, tokens, {
    name: 'moveUpgrade',
    access: 'operator',
    handle: (payload, { principal }) => handleMove(principal, deps, payload),
  })
  return stopPushes
}
