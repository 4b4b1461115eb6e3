// The simulator's `config:` block. Every knob has a default so `config: {}`
// gives a coherent estate; the example collectors.yaml spells them out so a
// newcomer can see what can be tuned.
import { z } from 'zod'
import type { ConfigIssue, ParseResult } from '../../types.ts'

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day like "09:00"')
  .transform((s) => {
    const [h, m] = s.split(':').map(Number)
    return (h ?? 0) + (m ?? 0) / 60
  })

const window = z
  .strictObject({
    from: clock,
    to: clock,
    /** Relative install rate inside the window (outside working hours = nightWeight). */
    weight: z.number().positive(),
  })
  .refine((w) => w.from < w.to, { message: '"from" must be before "to"', path: ['to'] })

const fraction = z.number().min(0).max(1)

const seriesId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "sm2m" (letters, digits, dashes)')

/** A recorded series replayed as app/metric (see replay.ts). */
export const replaySchema = z.strictObject({
  /** CSV file, relative to the working directory (the repo root for `npm start`). */
  file: z.string().min(1),
  app: seriesId,
  metric: seriesId,
  /** Multiplies every recorded value, to bring a foreign series to this estate's size. */
  scale: z.number().positive().default(1),
  timeColumn: z.string().min(1).default('timestamp'),
  valueColumn: z.string().min(1).default('value'),
  /** end-to-now: shift by whole weeks so the recording ends at or just before now; none: play at the recorded times. */
  timeShift: z.enum(['end-to-now', 'none']).default('end-to-now'),
  /** Repeat the recording (period = its own length); false: no samples after its end (the series goes stale). */
  loop: z.boolean().default(true),
})
export type ReplayConfig = z.infer<typeof replaySchema>

export const simulatorConfigSchema = z.strictObject({
  /** Same seed + same time = same value, in live collection and in backfill. */
  seed: z.union([z.string().min(1), z.number().int()]).default('headroom'),
  /** Days of history to backfill at start-up (the server lets HEADROOM_BACKFILL_DAYS override it). */
  backfillDays: z.number().int().min(0).max(400).default(30),
  backfillStepMinutes: z.number().int().min(1).max(60).default(5),
  /** Local time of the estate relative to UTC; the busy windows are in local time. */
  utcOffsetHours: z.number().min(-12).max(14).default(0),
  /** Reference date for growth: the estate has `activeHubs.atEpoch` hubs on this day. */
  epoch: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like "2026-01-01"')
    .or(z.date().transform((d) => d.toISOString().slice(0, 10)))
    .default('2026-01-01'),
  /** Recorded series played back in place of the simulated ones for the same app/metric. */
  replay: z.array(replaySchema).default([]),
  /** Only simulate these applications (default: every application in estate.yaml). */
  apps: z.array(z.string().min(1)).optional(),
  noise: z
    .strictObject({
      /** Relative amplitude of smooth noise on driver values. */
      drivers: fraction.default(0.08),
      /** Relative amplitude of smooth noise on metric values (storage gets none). */
      metrics: fraction.default(0.03),
    })
    .default({ drivers: 0.08, metrics: 0.03 }),
  activeHubs: z
    .strictObject({
      atEpoch: z.number().positive().default(4_000_000),
      growthPerMonth: z.number().min(-0.5).max(1).default(0.015),
    })
    .default({ atEpoch: 4_000_000, growthPerMonth: 0.015 }),
  installs: z
    .strictObject({
      /** Installs on an average weekday at the epoch. */
      weekdayPerDay: z.number().nonnegative().default(12_000),
      /** Weekend daily volume as a fraction of a weekday's. */
      weekendFactor: fraction.default(0.25),
      growthPerMonth: z.number().min(-0.5).max(1).default(0.005),
      /** Day-to-day variation of the daily volume (+/- this fraction). */
      dayToDayVariation: fraction.default(0.1),
      nightWeight: z.number().nonnegative().default(0.03),
      workingHours: window.default({ from: 8, to: 18, weight: 1 }),
      busyWindows: z.array(window).default([
        { from: 9, to: 12, weight: 3 },
        { from: 14, to: 16, weight: 2 },
      ]),
    })
    .prefault({}),
  firmware: z
    .strictObject({
      /** Downloads per hour outside campaigns (new hubs fetching their image). */
      backgroundPerHour: z.number().nonnegative().default(300),
      /** Chance that a given weekday carries a campaign. */
      campaignProbability: fraction.default(0.3),
      campaignPerHour: z.number().nonnegative().default(25_000),
      campaignHours: z.number().positive().max(24).default(3),
      /** Local hours a campaign may start at; each campaign day picks one. */
      startHours: z.array(z.number().int().min(0).max(23)).min(1).default([10, 13, 20]),
    })
    .prefault({}),
})

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>

export function parseSimulatorConfig(raw: unknown): ParseResult<SimulatorConfig> {
  const parsed = simulatorConfigSchema.safeParse(raw ?? {})
  if (parsed.success) return { ok: true, value: parsed.data }
  const issues: ConfigIssue[] = []
  for (const issue of parsed.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: `unknown key "${key}"` })
    } else {
      issues.push({ path, message: issue.message })
    }
  }
  return { ok: false, issues }
}
