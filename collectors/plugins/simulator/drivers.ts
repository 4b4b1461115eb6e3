// The business volumes that cause load: meter installs per hour (a diurnal
// profile with busy windows, quieter weekends, slow growth), active hubs (the
// estate, growing a few % a month) and firmware downloads per hour (a trickle
// plus campaigns of a few hours on some weekdays). Each is a pure function of
// (config, time): no state, so any instant can be computed on its own.
import type { SimulatorConfig } from './config.ts'
import { seriesKey, smoothNoise, uniform } from './prng.ts'

export const driverIds = ['installs', 'active-hubs', 'firmware-pushes'] as const
export type DriverId = (typeof driverIds)[number]
export type DriverValues = Record<DriverId, number>

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONTH = 30.4375 * DAY
/** Noise knots every 5 minutes: the backfill step hits them exactly. */
const KNOT = 5 * 60_000
/** Busy windows fade in and out over this many hours instead of stepping. */
const RAMP_HOURS = 0.5

export interface DriverModel {
  config: SimulatorConfig
  epochMs: number
  offsetMs: number
  /** Integral of the unnormalised profile weight over one day (in hours). */
  profileArea: number
  keys: { installs: number; hubs: number; firmware: number; day: number; campaign: number; start: number }
}

const models = new WeakMap<SimulatorConfig, DriverModel>()

/** Precomputed per config; cached so backfill's hot loop does no set-up. */
export function driverModel(config: SimulatorConfig): DriverModel {
  const cached = models.get(config)
  if (cached) return cached
  let area = 0
  const steps = 24 * 60
  for (let i = 0; i < steps; i++) area += profileWeight(config, (i + 0.5) / 60) / 60
  const seed = config.seed
  const model: DriverModel = {
    config,
    epochMs: Date.parse(`${config.epoch}T00:00:00Z`),
    offsetMs: config.utcOffsetHours * HOUR,
    profileArea: area,
    keys: {
      installs: seriesKey(seed, 'drivers/installs'),
      hubs: seriesKey(seed, 'drivers/active-hubs'),
      firmware: seriesKey(seed, 'drivers/firmware-pushes'),
      day: seriesKey(seed, 'drivers/installs/day'),
      campaign: seriesKey(seed, 'drivers/firmware-pushes/campaign'),
      start: seriesKey(seed, 'drivers/firmware-pushes/start'),
    },
  }
  models.set(config, model)
  return model
}

/** Relative install rate at a local hour of day (0..24), before normalising. */
export function profileWeight(config: SimulatorConfig, hour: number): number {
  const { workingHours, busyWindows, nightWeight } = config.installs
  let w = Math.max(nightWeight, windowWeight(workingHours, hour, nightWeight))
  for (const win of busyWindows) w = Math.max(w, windowWeight(win, hour, nightWeight))
  return w
}

function windowWeight(win: { from: number; to: number; weight: number }, hour: number, floor: number): number {
  // Linear ramps centred on the window edges keep the area of the window and
  // avoid cliffs in the charts.
  const half = RAMP_HOURS / 2
  if (hour <= win.from - half || hour >= win.to + half) return floor
  const up = Math.min(1, (hour - (win.from - half)) / RAMP_HOURS)
  const down = Math.min(1, (win.to + half - hour) / RAMP_HOURS)
  return floor + (win.weight - floor) * Math.min(up, down)
}

export interface LocalTime {
  day: number
  hour: number
  weekend: boolean
}

export function localTime(model: DriverModel, t: number): LocalTime {
  const local = t + model.offsetMs
  const day = Math.floor(local / DAY)
  const hour = (local - day * DAY) / HOUR
  // 1970-01-01 was a Thursday (4 with Sunday = 0).
  const weekday = (((day + 4) % 7) + 7) % 7
  return { day, hour, weekend: weekday === 0 || weekday === 6 }
}

function monthsSinceEpoch(model: DriverModel, t: number): number {
  return (t - model.epochMs) / MONTH
}

/** Active hubs on the smooth growth curve (no noise), for storage and tests. */
export function hubsTrend(model: DriverModel, t: number): number {
  const { atEpoch, growthPerMonth } = model.config.activeHubs
  return atEpoch * Math.pow(1 + growthPerMonth, monthsSinceEpoch(model, t))
}

/** Installs per day for the day containing t (weekend and day-to-day variation applied). */
export function dailyInstalls(model: DriverModel, lt: LocalTime, t: number): number {
  const cfg = model.config.installs
  const growth = Math.pow(1 + cfg.growthPerMonth, monthsSinceEpoch(model, t))
  const variation = 1 + cfg.dayToDayVariation * (uniform(model.keys.day, lt.day) * 2 - 1)
  return cfg.weekdayPerDay * growth * variation * (lt.weekend ? cfg.weekendFactor : 1)
}

export interface Campaign {
  startHour: number
  hours: number
  perHour: number
}

/** The firmware campaign of a local day, or null; weekends never carry one. */
export function campaignOn(model: DriverModel, lt: LocalTime): Campaign | null {
  const cfg = model.config.firmware
  if (lt.weekend || uniform(model.keys.campaign, lt.day) >= cfg.campaignProbability) return null
  const pick = uniform(model.keys.start, lt.day)
  const startHour = cfg.startHours[Math.floor(pick * cfg.startHours.length)] ?? cfg.startHours[0] ?? 10
  // Campaign size varies between 70 % and 130 % of the configured rate.
  const perHour = cfg.campaignPerHour * (0.7 + 0.6 * uniform(model.keys.start, lt.day + 0x5bd1e995))
  return { startHour, hours: cfg.campaignHours, perHour }
}

function campaignRate(c: Campaign, hour: number): number {
  const ramp = Math.min(0.33, c.hours / 4)
  const into = hour - c.startHour
  if (into <= 0 || into >= c.hours) return 0
  return c.perHour * Math.min(1, into / ramp, (c.hours - into) / ramp)
}

/** All driver values at time t (ms since the Unix epoch). */
export function driversAt(model: DriverModel, t: number): DriverValues {
  const cfg = model.config
  const lt = localTime(model, t)
  const amp = cfg.noise.drivers

  const share = profileWeight(cfg, lt.hour) / model.profileArea
  const installs = dailyInstalls(model, lt, t) * share * (1 + amp * smoothNoise(model.keys.installs, t, KNOT))

  // Hubs drop off and reconnect all day; far smaller noise than installs.
  const hubs = hubsTrend(model, t) * (1 + (amp / 50) * smoothNoise(model.keys.hubs, t, KNOT))

  // A campaign that started late yesterday can still run after midnight.
  const today = campaignOn(model, lt)
  const yesterday = campaignOn(model, { day: lt.day - 1, hour: lt.hour + 24, weekend: isWeekend(lt.day - 1) })
  const campaign = (today ? campaignRate(today, lt.hour) : 0) + (yesterday ? campaignRate(yesterday, lt.hour + 24) : 0)
  const firmware = (cfg.firmware.backgroundPerHour + campaign) * (1 + amp * smoothNoise(model.keys.firmware, t, KNOT))

  return { installs: Math.max(0, installs), 'active-hubs': Math.max(0, hubs), 'firmware-pushes': Math.max(0, firmware) }
}

function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7
  return weekday === 0 || weekday === 6
}

/**
 * Running totals for storage metrics: stock drivers (active hubs) use their
 * smooth trend; flow drivers (per hour) count everything since the epoch at
 * their average rate, so storage only ever grows.
 */
export function driverTotalsAt(model: DriverModel, t: number): DriverValues {
  const cfg = model.config
  const hoursSinceEpoch = Math.max(0, (t - model.epochMs) / HOUR)
  const avgInstallsPerHour = (cfg.installs.weekdayPerDay * (5 + 2 * cfg.installs.weekendFactor)) / 7 / 24
  const avgFirmwarePerHour =
    cfg.firmware.backgroundPerHour +
    (cfg.firmware.campaignPerHour * cfg.firmware.campaignHours * cfg.firmware.campaignProbability * 5) / 7 / 24
  return {
    installs: avgInstallsPerHour * hoursSinceEpoch,
    'active-hubs': hubsTrend(model, t),
    'firmware-pushes': avgFirmwarePerHour * hoursSinceEpoch,
  }
}

export function isDriverId(id: string): id is DriverId {
  return (driverIds as readonly string[]).includes(id)
}
