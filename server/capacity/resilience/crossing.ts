// First forecast day the load reaches a capacity that may change from day to
// day (planned upgrades landing, the largest unit changing after one does).
import { DAY_MS, isoDay, toMs } from '../forecast/types.ts'
import type { BandDay, Breach, TimeToBreakpoint } from '../planning/time-to-breakpoint.ts'

export function firstCrossing(
  days: readonly BandDay[],
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
  if (days.length === 0) return { p50: null, p90: null, reason: `${what}: no forecast to compare with` }
  const find = (key: 'p50' | 'p90'): Breach | null => {
    const hit = days.find((d) => d[key] >= capacityOn(d.date))
    if (!hit) return null
    return { date: hit.date, days: Math.floor(Date.parse(`${hit.date}T00:00:00Z`) / DAY_MS) - Math.floor(nowMs / DAY_MS) }
  }
  const p50 = find('p50')
  const p90 = find('p90')
  const horizon = `${days[0]?.date}..${days[days.length - 1]?.date}`
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
export function sumBands(bands: readonly (readonly BandDay[])[]): BandDay[] {
  if (bands.length === 0) return []
  const byDate = new Map<string, { p50: number; p90: number; n: number }>()
  for (const band of bands)
    for (const d of band) {
      const s = byDate.get(d.date) ?? { p50: 0, p90: 0, n: 0 }
      byDate.set(d.date, { p50: s.p50 + d.p50, p90: s.p90 + d.p90, n: s.n + 1 })
    }
  return [...byDate.entries()]
    .filter(([, s]) => s.n === bands.length)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, s]) => ({ date, p50: s.p50, p90: s.p90 }))
}
