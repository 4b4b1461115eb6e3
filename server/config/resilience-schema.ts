// estate.yaml `resilience:`: how a metric's capacity is spread over units
// that can fail one at a time, and spare (DR) capacity held in reserve.
//
// Two shapes of group, told apart by whether the group names a metric:
//   sites  units are app/metric pairs of their own (ggsn-north and ggsn-south
//          each with pdp-contexts): every unit's capacity is its breakpoint,
//          the load is the sum of their peaks, and the survivors must carry it.
//   nodes  the group names one app/metric and each unit is a named share of
//          its breakpoint (four SM2M nodes of 0.25): losing the largest share
//          leaves breakpoint × (1 − share) for the whole peak.
// The cross-checks (references, shares summing to 1) are in resilience-checks.ts.
import { z } from 'zod'
import { fraction, id } from './fields.ts'

export const resilienceUnitSchema = z.strictObject({
  /** A site or node name; for site units it defaults to the application's name. */
  name: z.string().min(1).optional(),
  /** Site units: the application and metric that are this unit. */
  app: id.optional(),
  metric: id.optional(),
  /** Node units: this unit's fraction of the group metric's capacity; the shares add up to 1. */
  share: fraction.optional(),
})

export const resilienceGroupSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  /** Nodes of one metric: the application and metric whose capacity the units share. */
  app: id.optional(),
  metric: id.optional(),
  units: z.array(resilienceUnitSchema).min(2, 'expected at least two units: losing the only unit is an outage, not N-1'),
})

export const reserveSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  /** What the reserve could be repurposed for: one metric (app + metric) or one resilience group. */
  app: id.optional(),
  metric: id.optional(),
  group: id.optional(),
  /** Capacity it would add, in the metric's unit. */
  adds: z.number().positive('expected the capacity the reserve would add, above 0'),
  /** Days to bring it into service. */
  leadTimeDays: z.number().int().nonnegative().optional(),
})

export const resilienceSchema = z.strictObject({
  groups: z.array(resilienceGroupSchema).default([]),
  reserves: z.array(reserveSchema).default([]),
})

export type ResilienceConfig = z.infer<typeof resilienceSchema>
export type ResilienceGroupConfig = z.infer<typeof resilienceGroupSchema>
export type ReserveConfig = z.infer<typeof reserveSchema>
