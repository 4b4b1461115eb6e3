// Socket push `health` (HealthReport): on connect, and whenever the status or
// a reason changes (checked every `intervalMs`), so every page can say "store
// unreachable, showing the last data" without polling.
import type { Server } from 'socket.io'
import type { HealthResponse as HealthReport } from '../http/api-types/core.ts'
import { emitInTurns } from './packed-emit.ts'

export function registerHealthHandlers(io: Server, report: () => HealthReport, intervalMs = 2000): () => void {
  let last = ''
  const key = (h: HealthReport): string => JSON.stringify([h.status, h.reasons.map((r) => r.code)])
  io.on('connection', (socket) => {
    socket.emit('health', report())
  })
  const timer = setInterval(() => {
    const now = report()
    const k = key(now)
    if (k === last) return
    last = k
    void emitInTurns(io, null, 'health', now)
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
