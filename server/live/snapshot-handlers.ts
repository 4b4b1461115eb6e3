// Pushes named after what they carry: `snapshot` on connect and on change,
// `backfill` progress while start-up history is generated.
import type { Server } from 'socket.io'
import type { BackfillStatus } from '../http/health.ts'
import type { SnapshotService } from '../snapshot-service.ts'

export function registerSnapshotHandlers(
  io: Server,
  deps: { snapshots: SnapshotService; backfill: () => BackfillStatus; onPush?: () => void },
): { pushBackfill(status: BackfillStatus): void } {
  io.on('connection', (socket) => {
    const snapshot = deps.snapshots.current()
    if (snapshot) socket.emit('snapshot', snapshot)
    socket.emit('backfill', deps.backfill())
  })
  deps.snapshots.onChange((snapshot) => {
    io.emit('snapshot', snapshot)
    deps.onPush?.()
  })
  return {
    pushBackfill(status) {
      io.emit('backfill', status)
    },
  }
}
