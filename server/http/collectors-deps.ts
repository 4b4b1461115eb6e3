// Adapts the core to what the collectors router and socket handlers need,
// so create-app.ts and app.ts each stay one line per feature.
import type { Core } from '../core.ts'
import type { CollectorHandlerDeps } from '../live/collector-handlers.ts'
import { DEFAULT_UPLOAD_LIMIT } from './upload.ts'

export function collectorsDeps(core: Core): CollectorHandlerDeps {
  return {
    entries: () => core.collection.entries(),
    health: () => core.collection.health(),
    runOnce: (id) => core.collection.runOnce(id),
    collecting: () => core.settings.collect !== false,
    shards: core.settings.collectShards ?? null,
    onHealth: (listener) => core.collection.onHealth(listener),
  }
}

/** HEADROOM_IMPORT_MAX_BYTES, default 50 MB; a bad value is named at start-up. */
export function importMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEADROOM_IMPORT_MAX_BYTES
  if (raw === undefined || raw === '') return DEFAULT_UPLOAD_LIMIT
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new Error(`HEADROOM_IMPORT_MAX_BYTES must be a whole number of bytes; got "${raw}"`)
  return Number(raw)
}
