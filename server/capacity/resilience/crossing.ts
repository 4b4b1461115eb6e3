// First forecast day the load reaches a capacity that may change from day to
// day (planned upgrades landing, the largest unit changing after one does).
import { bandOfDays, EMPTY_BAND, type ForecastBand, type ForecastDay } from '../forecast/forecast-band.ts'
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import type { Breach, TimeToBreakpoint } from '../planning/time-to-breakpoint.ts'

export function firstCrossing(
  band: ForecastBand,
  capacityOn: (date: string) => number,
  now: Date | number,
  current: { load: number | null; capacity: number },
  what: string,
): TimeToBreakpoint {
  const nowMs = toMs(now)
  if (current.load !== null && current.load >= current.capacity) {
    const b = { date: isoDay(nowMs), days: 0 }
    return {
      p50: b,
      p90: b,
      reason: `${what}: today's peak ${fmt(current.load)} is already at or above ${fmt(current.capacity)}`,
    }
  }
  const { dates } = band
  if (dates.length === 0) return { p50: null, p90: null, reason: `${what}: no forecast to compare with` }
  const find = (column: readonly number[]): Breach | null => {
    const h = dates.findIndex((date, i) => (column[i] as number) >= capacityOn(date))
    const date = dates[h]
    if (date === undefined) return null
    return { date, days: Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) - Math.floor(nowMs / DAY_MS) }
  }
  const p50 = find(band.p50)
  const p90 = find(band.p90)
  const horizon = `${dates[0]}..${dates.at(-1)}`
  const reason =
    p90 === null
      ? `${what}: no breach within the forecast horizon ${horizon}`
      : p50 === null
        ? `${what}: only the pessimistic P90 reaches it, on ${p90.date}`
        : `${what}: P50 reaches it on ${p50.date}, P90 on ${p90.date}`
  return { p50, p90, reason }
}

export function fmt(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1e6) return `${Number((n / 1e6).toFixed(2))}M`
  if (abs >= 1e4) return `${Number((n / 1e3).toFixed(1))}k`
  return `${Number(n.toFixed(abs < 10 ? 2 : 1))}`
}

/** Daily sums of several bands over the dates all of them cover. */
export function sumBands(bands: readonly ForecastBand[]): ForecastBand {
  if (bands.length === 0) return EMPTY_BAND
  const byDate = new Map<string, { p50: number; p90: number; n: number }>()
  for (const band of bands)
    band.dates.forEach((date, h) => {
      const s = byDate.get(date) ?? { p50: 0, p90: 0, n: 0 }
      byDate.set(date, { p50: s.p50 + (band.p50[h] as number), p90: s.p90 + (band.p90[h] as number), n: s.n + 1 })
    })
  const days: ForecastDay[] = [...byDate.entries()]
    .filter(([, s]) => s.n === bands.length)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, s]) => ({ date, p50: s.p50, p90: s.p90 }))
  return bandOfDays(days)
}
