// Socket command `runScenario` { id, overrides? }: the same run as POST
// /api/scenarios/:id/run, answered with the one ack shape
// { ok: true, data } | { ok: false, error }. Any signed-in socket may run a
// scenario: it changes nothing.
import type { Server } from 'socket.io'
import type { EngineApiDeps } from '../views/view-deps.ts'
import { runSavedScenario } from '../views/scenario-run.ts'
import type { RunScenarioAck } from '../views/responses.ts'

export function registerScenarioHandlers(io: Server, deps: EngineApiDeps): void {
  io.on('connection', (socket) => {
    socket.on('runScenario', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return
      const reply = ack as (answer: RunScenarioAck) => void
      if (
        typeof payload !== 'object' ||
        payload === null ||
        !('id' in payload) ||
        typeof payload.id !== 'string' ||
        payload.id === ''
      ) {
        reply({ ok: false, error: 'id: expected { id: "<scenario id>", overrides?: {...} }' })
        return
      }
      const overrides = 'overrides' in payload ? payload.overrides : undefined
      try {
        const outcome = runSavedScenario(deps, payload.id, overrides)
        reply(outcome.ok ? { ok: true, data: outcome.data } : { ok: false, error: outcome.error })
      } catch (err) {
        reply({ ok: false, error: `scenario "${payload.id}" failed: ${err instanceof Error ? err.message : String(err)}` })
      }
    })
  })
}
