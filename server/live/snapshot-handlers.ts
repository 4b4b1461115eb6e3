// Pushes named after what they carry: `backfill` progress while start-up
// history is generated, `configError` when a config reload was refused (or
// cleared). The live state itself goes by room (live-handlers.ts).
import type { Server } from 'socket.io'
import type { BackfillStatus } from '../collection/backfill.ts'

export interface StatusPushDeps {
  backfillStatus(): BackfillStatus
  configError(): string | null
  onBackfill(listener: (status: BackfillStatus) => void): void
  onConfigError(listener: (message: string | null) => void): void
}

export function registerStatusHandlers(io: Server, deps: StatusPushDeps): void {
  io.on('connection', (socket) => {
    socket.emit('backfill', deps.backfillStatus())
    socket.emit('configError', deps.configError())
  })
  deps.onBackfill((status) => io.emit('backfill', status))
  deps.onConfigError((message) => io.emit('configError', message))
}
