// The estate as configuration: applications, their capacity metrics and
// limits, chains and drivers. Every object is strict: an unknown key is a
// typo that would otherwise silently do nothing.
import { z } from 'zod'
import { fraction, id, isoDate } from './fields.ts'
import { environmentSchema } from './environments-schema.ts'
import { resilienceSchema } from './resilience-schema.ts'

export const metricKinds = ['throughput', 'utilisation', 'concurrency', 'storage', 'licence'] as const

export const evidenceSchema = z.strictObject({
  /** Where the limit comes from. */
  source: z.enum(['perf-test', 'vendor', 'observed']),
  date: isoDate,
  /**
   * For a performance test run on a scaled-down environment: its size as a
   * fraction of live (0.5 = half of live). The live limit is value / scale.
   */
  environmentScale: fraction.optional(),
  note: z.string().optional(),
})

export const limitSchema = z.strictObject({
  name: z.string().min(1),
  /** The limit as measured or quoted (before environment scaling). */
  value: z.number().positive('expected a limit above 0'),
  evidence: evidenceSchema,
})

export const upgradeSchema = z.strictObject({
  name: z.string().min(1),
  /** Capacity added, in the metric's unit. */
  adds: z.number().positive(),
  leadTimeDays: z.number().int().nonnegative(),
  cost: z.number().nonnegative().optional(),
})

export const metricSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    kind: z.enum(metricKinds),
    unit: z.string().min(1),
    /** One or more limits; the tightest (after environment scaling) is the breakpoint. */
    limits: z.array(limitSchema).min(1, 'expected at least one limit'),
    warn: fraction.optional(),
    critical: fraction.optional(),
    /** Days from ordering more capacity to it being live. */
    leadTimeDays: z.number().int().nonnegative(),
    upgrades: z.array(upgradeSchema).default([]),
    /**
     * Physical bounds of the forecast. `min` defaults to 0 (a metric is
     * non-negative); null lets it go negative (a balance, a temperature).
     * `max` caps P50 and P90, e.g. 1 for a utilisation that saturates; when
     * absent, defaults.forecastMaxByKind[kind] applies.
     */
    forecastBounds: z
      .strictObject({ min: z.number().nullable().default(0), max: z.number().optional() })
      .refine((b) => b.min === null || b.max === undefined || b.min < b.max, {
        message: 'max must be above min',
        path: ['max'],
      })
      .optional(),
    /**
     * Load model: value = base + sum(coefficient x driver). Used by the
     * simulator to keep the chain coherent, and by the engine's volumetrics.
     */
    model: z
      .strictObject({
        base: z.number().default(0),
        drivers: z.record(id, z.number()).default({}),
      })
      .optional(),
  })
  // On the metric, not on `warn`: either value may be the one that is wrong, so the problem names the
  // metric (its line) and both values, rather than pointing at warn when critical was mistyped.
  .superRefine((m, ctx) => {
    if (m.warn === undefined || m.critical === undefined || m.warn < m.critical) return
    ctx.addIssue({ code: 'custom', message: `warn (${m.warn}) must be below critical (${m.critical})`, path: [] })
  })

export const applicationSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  /** Where in the chain the application sits, for grouping on the wall. */
  layer: z.string().optional(),
  metrics: z.array(metricSchema).min(1, 'expected at least one metric'),
})

export const chainStepSchema = z.strictObject({
  app: id,
  metric: id,
  /** Transactions at this step caused by one transaction entering the chain. */
  fanOut: z.number().positive().default(1),
})

export const chainSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  steps: z.array(chainStepSchema).min(1, 'expected at least one step'),
})

export const driverSchema = z.strictObject({
  id,
  name: z.string().min(1),
  unit: z.string().min(1),
  description: z.string().optional(),
})

export const ragSchema = z.strictObject({
  warn: fraction.default(0.7),
  critical: fraction.default(0.85),
  /** Minimum days of evidence age before a limit is flagged as stale. */
  evidenceMaxAgeDays: z.number().int().positive().default(365),
  /**
   * A series with no sample for this many of its own intervals (inferred from
   * its recent sample spacing) is stale. Optional so existing estates parse
   * unchanged; the engine uses 3 when unset (capacity/limits/staleness.ts).
   */
  staleIntervals: z.number().int().positive('expected a whole number of intervals above 0').optional(),
  /** Upper physical bound of forecasts per metric kind, e.g. { utilisation: 1 }; a metric's forecastBounds.max wins. */
  forecastMaxByKind: z.partialRecord(z.enum(metricKinds), z.number()).optional(),
})

export const estateSchema = z.strictObject({
  name: z.string().min(1),
  /**
   * For example estates: the day their dates were written as of. Headroom
   * moves every date in the config (evidence dates, the simulator's epoch,
   * the dates in CSV files the csv collectors read from inside the config
   * directory) forward by whole weeks to the day the data dir was first
   * started, so the example looks the same whenever it is cloned. A real
   * estate leaves it out and its dates are taken as written.
   */
  exampleDatesAsOf: isoDate.optional(),
  defaults: ragSchema.default({ warn: 0.7, critical: 0.85, evidenceMaxAgeDays: 365 }),
  applications: z.array(applicationSchema).min(1, 'expected at least one application'),
  chains: z.array(chainSchema).default([]),
  drivers: z.array(driverSchema).default([]),
  /** N-1 groups (sites or nodes sharing a metric's capacity) and DR reserve (resilience-schema.ts). */
  resilience: resilienceSchema.optional(),
})

export type Estate = z.infer<typeof estateSchema>
export type Application = z.infer<typeof applicationSchema>
export type MetricConfig = z.infer<typeof metricSchema>
export type LimitConfig = z.infer<typeof limitSchema>
export type ChainConfig = z.infer<typeof chainSchema>
export type DriverConfig = z.infer<typeof driverSchema>
export type MetricKind = (typeof metricKinds)[number]

const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'expected a duration like "10s", "500ms", "5m" or "1h"')

export const collectorEntrySchema = z.strictObject({
  id,
  type: z.string().min(1),
  /** node-cron expression with seconds, e.g. every 5 s. */
  schedule: z.string().min(1).default('*/10 * * * * *'),
  timeout: duration.default('10s'),
  enabled: z.boolean().default(true),
  /** Which environment the samples come from: live (default) or one of `environments` (a perf rig). */
  environment: id.optional(),
  /** Plugin-specific block, checked by the plugin's parseConfig. */
  config: z.unknown().optional(),
})

export const collectorsFileSchema = z.strictObject({
  collectors: z.array(collectorEntrySchema).default([]),
  /** Non-live environments (perf test rigs) and their size against live (environments-schema.ts). */
  environments: z.array(environmentSchema).default([]),
})

export type CollectorEntry = z.infer<typeof collectorEntrySchema>
export type CollectorsFile = z.infer<typeof collectorsFileSchema>

/** Duration text ("10s") to milliseconds; the schema has already checked the shape. */
export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text)
  if (!m) throw new Error(`not a duration: ${text}`)
  const n = Number(m[1])
  const unit = m[2]
  return unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000
}

export type { EnvironmentConfig } from './environments-schema.ts'
export type { ReserveConfig, ResilienceConfig, ResilienceGroupConfig } from './resilience-schema.ts'
