// Pushes named after what they carry: `snapshot` on connect and on change,
// `backfill` progress while start-up history is generated, `configError`
// when a config reload was refused (or cleared).
import type { Server } from 'socket.io'
import type { Core } from '../core.ts'

export function registerSnapshotHandlers(io: Server, core: Core): void {
  io.on('connection', (socket) => {
    const snapshot = core.snapshots.current()
    if (snapshot) socket.emit('snapshot', snapshot)
    socket.emit('backfill', core.backfillStatus())
    socket.emit('configError', core.configError())
  })
  core.snapshots.onChange((snapshot) => {
    io.emit('snapshot', snapshot)
    core.metrics.snapshotPushes.inc()
  })
  core.events.on('backfill', (status) => io.emit('backfill', status))
  core.events.on('configError', (message) => io.emit('configError', message))
}
