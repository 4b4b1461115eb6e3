// Settings and saved scenarios for the advanced capacity engine. Kept out of
// schema.ts (owned by the estate config) so the two can evolve separately;
// the loader can validate an `engine:` block and a scenarios.yaml with these.
import { z } from 'zod'
import { isoDate } from './iso-date.ts'

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "ggsn-north" (letters, digits, dashes)')

export const engineSettingsSchema = z.strictObject({
  /** Days added to each lead time in the order-by date, for deliveries that slip. */
  safetyBufferDays: z.number().int().nonnegative().default(14),
  peak: z
    .strictObject({
      /** Daily peak as the day's max, or the p95 within the busiest window. */
      method: z.enum(['max', 'p95']).default('max'),
      windowHours: z.number().positive().max(24).default(1),
      /** Local day boundary offset from UTC in minutes. */
      utcOffsetMinutes: z.number().int().min(-720).max(840).default(0),
    })
    .default({ method: 'max', windowHours: 1, utcOffsetMinutes: 0 }),
  forecast: z
    .strictObject({
      horizonDays: z.number().int().positive().max(730).default(180),
      minHistoryDays: z.number().int().min(7).default(14),
      /** Below this many days a robust straight line (Theil–Sen); the default leaves short histories to the portfolio's flat combination. */
      modelMinDays: z.number().int().min(14).default(14),
      backtestDays: z.number().int().nonnegative().default(14),
    })
    .default({ horizonDays: 180, minHistoryDays: 14, modelMinDays: 14, backtestDays: 14 }),
  /** A fitted load model explaining less than this share of variance is refused. */
  loadModelMinR2: z.number().min(0).max(1).default(0.3),
  peakProfile: z
    .strictObject({
      slotMinutes: z.number().int().positive().max(240).default(30),
      windowMinutes: z.number().int().positive().max(1440).default(120),
    })
    .default({ slotMinutes: 30, windowMinutes: 120 }),
})

export const scenarioSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  /** Persistent multipliers on driver volumes, e.g. estate +20 %: { active-hubs: 1.2 }. */
  multipliers: z.record(id, z.number().nonnegative()).default({}),
  /**
   * Lasting growth of driver volumes on top of the forecast, as a fraction per
   * month (0.02 = 2 % a month, compounded): { active-hubs: 0.02 }.
   */
  growthPerMonth: z
    .record(
      id,
      z
        .number()
        .gt(-1, 'expected a fraction above -1 (-0.1 = 10 % fewer a month)')
        .lte(1, 'expected a fraction of at most 1 (1 = doubling every month)'),
    )
    .default({}),
  /** A short burst at the peak window: drivers × factor for `hours`. */
  spike: z
    .strictObject({
      drivers: z.array(id).min(1, 'expected at least one driver'),
      factor: z.number().positive(),
      hours: z.number().positive().max(24),
    })
    .optional(),
  /** Capacity removed, e.g. one of two GGSN sites: { app: ggsn, fraction: 0.5 }. */
  capacityLoss: z
    .array(
      z.strictObject({
        app: id,
        /** Omit to remove capacity from every metric of the app. */
        metric: id.optional(),
        fraction: z.number().gt(0).lte(1),
        note: z.string().optional(),
      }),
    )
    .default([]),
  /** Upgrades assumed live from a date (by name from the metric's upgrades). */
  upgrades: z.array(z.strictObject({ app: id, metric: id, upgrade: z.string().min(1), from: isoDate })).default([]),
})

export const scenariosFileSchema = z.strictObject({ scenarios: z.array(scenarioSchema).default([]) })

export type EngineSettings = z.infer<typeof engineSettingsSchema>
export type Scenario = z.infer<typeof scenarioSchema>
/** A scenario as written (defaults not yet filled in): what the what-if editor sends. */
export type ScenarioInput = z.input<typeof scenarioSchema>
export type ScenariosFile = z.infer<typeof scenariosFileSchema>
