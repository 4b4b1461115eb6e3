// Where a process keeps its spool and how big it may grow: the environment
// wins over server.yaml, which wins over the defaults. Each process has its
// own directory under the data dir (a serve process and each collect shard),
// because a spool is replayed and deleted by the one process that owns it.
import { join } from 'node:path'
import type { ServerFile } from '../config/server-schema.ts'
import { durationMs } from '../config/schema.ts'
import type { Settings } from '../settings.ts'
import type { SpoolOptions } from './types.ts'

export function spoolOptionsFor(settings: Settings, server: ServerFile, name: string): SpoolOptions {
  const fromFile = server.spool.fsyncInterval === undefined ? undefined : durationMs(server.spool.fsyncInterval)
  const options: SpoolOptions = { dir: join(settings.dataDir, name) }
  const maxBytes = settings.spoolMaxBytes ?? server.spool.maxBytes
  if (maxBytes !== undefined) options.maxBytes = maxBytes
  const fsync = settings.spoolFsyncMs ?? fromFile
  if (fsync !== undefined) options.fsyncIntervalMs = fsync
  return options
}
