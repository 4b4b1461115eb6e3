// Pushes named after what they carry: `snapshot` on connect and on change,
// `backfill` progress while start-up history is generated, `configError`
// when a config reload was refused (or cleared).
import type { Server } from 'socket.io'
import type { BackfillStatus } from '../collection/backfill.ts'
import type { CapacitySnapshot } from '../capacity/snapshot/types.ts'

export interface SnapshotPushDeps {
  current(): CapacitySnapshot | null
  onChange(listener: (snapshot: CapacitySnapshot) => void): unknown
  backfillStatus(): BackfillStatus
  configError(): string | null
  onBackfill(listener: (status: BackfillStatus) => void): void
  onConfigError(listener: (message: string | null) => void): void
  /** Counts each snapshot push (headroom_snapshot_pushes_total). */
  counted(): void
}

export function registerSnapshotHandlers(io: Server, deps: SnapshotPushDeps): void {
  io.on('connection', (socket) => {
    const snapshot = deps.current()
    if (snapshot) socket.emit('snapshot', snapshot)
    socket.emit('backfill', deps.backfillStatus())
    socket.emit('configError', deps.configError())
  })
  deps.onChange((snapshot) => {
    io.emit('snapshot', snapshot)
    deps.counted()
  })
  deps.onBackfill((status) => io.emit('backfill', status))
  deps.onConfigError((message) => io.emit('configError', message))
}
