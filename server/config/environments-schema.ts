// collectors.yaml `environments:`: monitored environments other than live,
// such as a performance-test rig at half the size of production. A collector
// says which one it watches (`environment: perf`); its samples carry the tag
// environment=<id> and never count as live load. A perf-test run recorded over
// a time window is read from those series and scaled to live by `scaleToLive`.
import { z } from 'zod'
import { fraction, id } from './fields.ts'

/** The environment every collector watches unless it says otherwise; its samples carry no tag. */
export const LIVE_ENVIRONMENT = 'live'

export const environmentSchema = z.strictObject({
  id,
  name: z.string().min(1).optional(),
  /** The environment's size as a fraction of live (0.5 = half): a live limit is measured / scaleToLive. */
  scaleToLive: fraction,
  /** Per-application sizes where they differ from scaleToLive (a full-size OT/OI rig on a half-size estate). */
  apps: z.record(id, fraction).default({}),
  /** How long a load must be held to count as the run's sustained peak, in minutes. */
  sustainMinutes: z.number().int().positive().max(240, 'expected at most 240 minutes').default(5),
})

export type EnvironmentConfig = z.infer<typeof environmentSchema>

/** The environment's size for one application: its own override, else the environment's. */
export function environmentScale(env: EnvironmentConfig, app: string): number {
  return env.apps[app] ?? env.scaleToLive
}
