// What the UI may know about each collector: id, type, schedule, timeout,
// shard and health. Built field by field (never by spreading the entry) so
// a plugin's `config:` block, where URLs with passwords, tokens and SNMP
// keys live, can never leak into a response.
import { shardOf } from '../../collectors/shard.ts'
import type { CollectorHealth } from '../../collectors/health.ts'
import type { CollectorEntry } from '../config/schema.ts'
import type { CollectorInfo } from './api-types/collectors.ts'

export function describeCollectors(
  entries: readonly CollectorEntry[],
  health: readonly CollectorHealth[],
  shards: number | null,
): CollectorInfo[] {
  const byId = new Map(health.map((h) => [h.id, h]))
  return entries.map((e) => {
    const info: CollectorInfo = {
      id: e.id,
      type: e.type,
      enabled: e.enabled,
      schedule: e.schedule,
      timeout: e.timeout,
      health: byId.get(e.id) ?? idleHealth(e),
    }
    if (shards !== null && shards > 1) info.shard = shardOf(e.id, shards)
    return info
  })
}

/** A collector the scheduler does not know yet (a reload in progress) reads as idle, not missing. */
function idleHealth(e: CollectorEntry): CollectorHealth {
  return {
    id: e.id,
    type: e.type,
    state: 'idle',
    enabled: e.enabled,
    schedule: e.schedule,
    lastRunAt: null,
    lastSuccess: null,
    lastError: null,
    lastDurationMs: null,
    lastSamples: 0,
    errorCount: 0,
    consecutiveFailures: 0,
    skippedOverlaps: 0,
    skippedBackoff: 0,
    nextAttemptAt: null,
  }
}
