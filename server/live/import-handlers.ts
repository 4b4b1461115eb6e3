// Push `importProgress` to every socket as uploaded files import. Viewers
// see it too: progress of a shared forecast upload is not a secret, and the
// wall can show that fresh data is arriving.
import type { Server } from 'socket.io'
import type { ImportJobs } from '../imports/import-jobs.ts'

export function registerImportHandlers(io: Server, jobs: ImportJobs): () => void {
  return jobs.onProgress((event) => io.emit('importProgress', event))
}
