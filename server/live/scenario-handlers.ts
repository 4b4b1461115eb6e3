// Socket command `runScenario` { id, overrides? }: the same run as POST
// /api/scenarios/:id/run, answered with the one ack shape
// { ok: true, data } | { ok: false, error }. Any signed-in socket may run a
// scenario: it changes nothing.
import type { Server } from 'socket.io'
import type { EngineApiDeps } from '../views/view-deps.ts'
import { runSavedScenario } from '../views/scenario-run.ts'
import type { RunScenarioAck } from '../views/responses.ts'
import type { TokenRegistry } from '../security/tokens.ts'
import { registerCommand } from './commands.ts'

export function registerScenarioHandlers(io: Server, deps: EngineApiDeps, tokens: TokenRegistry): void {
  registerCommand(io, tokens, {
    name: 'runScenario',
    access: 'read',
    why: 'a scenario run changes nothing: it computes a what-if and stores nothing',
    handle: (payload): RunScenarioAck => {
      if (
        typeof payload !== 'object' ||
        payload === null ||
        !('id' in payload) ||
        typeof payload.id !== 'string' ||
        payload.id === ''
      ) {
        return { ok: false, error: 'id: expected { id: "<scenario id>", overrides?: {...} }' }
      }
      const overrides = 'overrides' in payload ? payload.overrides : undefined
      try {
        const outcome = runSavedScenario(deps, payload.id, overrides)
        return outcome.ok ? { ok: true, data: outcome.data } : { ok: false, error: outcome.error }
      } catch (err) {
        return { ok: false, error: `scenario "${payload.id}" failed: ${err instanceof Error ? err.message : String(err)}` }
      }
    },
  })
}
