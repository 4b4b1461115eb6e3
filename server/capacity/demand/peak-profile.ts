// The intraday shape of a driver or metric from actuals: the average per
// slot, the busiest window and its share of daily volume ("10:00–12:00 carries
// 31 % of installs"), weekday against weekend, and how the month-on-month
// volume drifts. It feeds the next demand-forecast round, hence the CSV/JSON.
import { DAY_MS, isoDay, toMs, type Maybe, type Point } from '../forecast/types.ts'

export interface PeakProfileOptions {
  slotMinutes?: number
  windowMinutes?: number
  utcOffsetMinutes?: number
}

export interface ProfileSlot {
  start: string
  mean: number
  share: number
}

export interface PeakWindow {
  start: string
  end: string
  /** Share of the average day's volume that falls inside the window. */
  share: number
}

export interface DayTypeProfile {
  days: number
  dailyVolume: number
  peakWindow: PeakWindow
  peakToAverage: number
}

export interface MonthProfile {
  month: string
  days: number
  dailyVolume: number
  peakWindow: PeakWindow
  /** Change of daily volume against the previous month (0.1 = +10 %), null for the first. */
  change: number | null
}

export interface PeakProfile extends DayTypeProfile {
  slotMinutes: number
  slots: ProfileSlot[]
  weekday: DayTypeProfile | null
  weekend: DayTypeProfile | null
  months: MonthProfile[]
  summary: string
}

const hhmm = (minutes: number): string => {
  const m = ((minutes % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

interface DayRow {
  day: number
  slots: number[]
}

/** Average per slot over days (sum of samples within each slot of each day). */
function average(days: readonly DayRow[], slotCount: number): number[] {
  const sums = new Array<number>(slotCount).fill(0)
  for (const d of days) d.slots.forEach((v, i) => (sums[i] = (sums[i] as number) + v))
  return sums.map((s) => s / Math.max(1, days.length))
}

/** Busiest run of `width` consecutive slots, wrapping past midnight. */
function busiestWindow(mean: readonly number[], width: number, slotMinutes: number): PeakWindow {
  const n = mean.length
  const total = mean.reduce((s, v) => s + v, 0)
  let best = { i: 0, sum: -Infinity }
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let k = 0; k < width; k++) sum += mean[(i + k) % n] as number
    if (sum > best.sum) best = { i, sum }
  }
  return { start: hhmm(best.i * slotMinutes), end: hhmm((best.i + width) * slotMinutes), share: total > 0 ? best.sum / total : 0 }
}

function describe(days: readonly DayRow[], slotCount: number, width: number, slotMinutes: number): DayTypeProfile {
  const mean = average(days, slotCount)
  const total = mean.reduce((s, v) => s + v, 0)
  const avg = total / slotCount
  return {
    days: days.length,
    dailyVolume: total,
    peakWindow: busiestWindow(mean, width, slotMinutes),
    peakToAverage: avg > 0 ? Math.max(...mean) / avg : 0,
  }
}

export function peakProfile(series: readonly Point[], options: PeakProfileOptions = {}): Maybe<PeakProfile> {
  const slotMinutes = options.slotMinutes ?? 30
  const windowMinutes = options.windowMinutes ?? 120
  const offset = (options.utcOffsetMinutes ?? 0) * 60_000
  if (1440 % slotMinutes !== 0) return { ok: false, reason: `slotMinutes ${slotMinutes} does not divide a day` }
  const slotCount = 1440 / slotMinutes
  const width = Math.max(1, Math.round(windowMinutes / slotMinutes))
  const byDay = new Map<number, DayRow>()
  for (const p of series) {
    if (!Number.isFinite(p.value)) continue
    const local = toMs(p.at) + offset
    const day = Math.floor(local / DAY_MS)
    const slot = Math.floor((local - day * DAY_MS) / (slotMinutes * 60_000))
    const row = byDay.get(day) ?? { day, slots: new Array<number>(slotCount).fill(0) }
    row.slots[slot] = (row.slots[slot] as number) + p.value
    byDay.set(day, row)
  }
  const days = [...byDay.values()].sort((a, b) => a.day - b.day)
  if (days.length === 0) return { ok: false, reason: 'no samples to profile' }
  const all = describe(days, slotCount, width, slotMinutes)
  const mean = average(days, slotCount)
  // 1970-01-01 was a Thursday: day index + 4 mod 7 gives 0 = Sunday.
  const isWeekend = (d: DayRow): boolean => [0, 6].includes((d.day + 4) % 7)
  const weekdays = days.filter((d) => !isWeekend(d))
  const weekends = days.filter(isWeekend)
  const byMonth = new Map<string, DayRow[]>()
  for (const d of days) {
    const m = isoDay(d.day * DAY_MS).slice(0, 7)
    byMonth.set(m, [...(byMonth.get(m) ?? []), d])
  }
  const months: MonthProfile[] = []
  for (const [month, rows] of [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const p = describe(rows, slotCount, width, slotMinutes)
    const prev = months[months.length - 1]
    months.push({
      month,
      days: rows.length,
      dailyVolume: p.dailyVolume,
      peakWindow: p.peakWindow,
      change: prev && prev.dailyVolume > 0 ? p.dailyVolume / prev.dailyVolume - 1 : null,
    })
  }
  const summary = `the busiest ${windowMinutes / 60 >= 1 ? `${windowMinutes / 60} h` : `${windowMinutes} min`} window is ${all.peakWindow.start}–${all.peakWindow.end} with ${Math.round(all.peakWindow.share * 100)} % of daily volume (peak/average ${all.peakToAverage.toFixed(2)}, ${days.length} days)`
  return {
    ok: true,
    value: {
      ...all,
      slotMinutes,
      slots: mean.map((m, i) => ({
        start: hhmm(i * slotMinutes),
        mean: m,
        share: all.dailyVolume > 0 ? m / all.dailyVolume : 0,
      })),
      weekday: weekdays.length ? describe(weekdays, slotCount, width, slotMinutes) : null,
      weekend: weekends.length ? describe(weekends, slotCount, width, slotMinutes) : null,
      months,
      summary,
    },
  }
}

/** The slot table as CSV (slot,mean,share), for the next forecast round. */
export function peakProfileCsv(profile: PeakProfile): string {
  const lines = ['slot,mean,share', ...profile.slots.map((s) => `${s.start},${s.mean.toFixed(3)},${s.share.toFixed(5)}`)]
  return `${lines.join('\n')}\n`
}

export function peakProfileJson(profile: PeakProfile): string {
  return `${JSON.stringify(profile, null, 2)}\n`
}
