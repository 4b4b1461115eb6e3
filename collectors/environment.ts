// A collector watching a non-live environment (a perf-test rig) labels every
// sample with environment=<id>, so its series sit beside live ones in the
// store but never read as live load. Live samples carry no label: existing
// series stay what they were. Business drivers (installs, active hubs) are
// live by definition; a rig has load, not meter installs, so a non-live
// collector's driver samples are dropped rather than stored under a label.
import type { CollectorEntry } from '../server/config/schema.ts'
import type { Sample } from './types.ts'

/** The label key; the server leaves points carrying it out of every live read. */
export const ENVIRONMENT_TAG = 'environment'
const LIVE = 'live'
const DRIVER_APPS = new Set(['drivers', 'driver-forecast'])

export function labelEnvironment(entry: Pick<CollectorEntry, 'environment'>, samples: Sample[]): Sample[] {
  const env = entry.environment
  if (env === undefined || env === LIVE) return samples
  return samples.filter((s) => !DRIVER_APPS.has(s.app)).map((s) => ({ ...s, tags: { ...s.tags, [ENVIRONMENT_TAG]: env } }))
}
