import { describe, expect, it } from 'vitest'
import { dailyPeaks, fillGaps } from '../../../server/capacity/forecast/daily-peak.ts'
import { peakProfile, peakProfileCsv, peakProfileJson } from '../../../server/capacity/demand/peak-profile.ts'
import { nab } from '../fixtures.ts'

const day = Date.parse('2025-03-03T00:00:00Z') // a Monday

describe('peakProfile()', () => {
  it('peakProfile() finds a 10:00–12:00 window with 50 % of volume when half the installs land there', () => {
    const series = []
    for (let d = 0; d < 7; d++) {
      for (let s = 0; s < 48; s++) {
        const inWindow = s >= 20 && s < 24
        series.push({ at: day + d * 86_400_000 + s * 1_800_000, value: inWindow ? 11 : 1 })
      }
    }
    const p = peakProfile(series)
    if (!p.ok) throw new Error(p.reason)
    expect(p.value.peakWindow).toEqual({ start: '10:00', end: '12:00', share: 0.5 })
    expect(p.value.peakToAverage).toBeCloseTo(11 / (88 / 48), 6)
    expect(p.value.weekday?.days).toBe(5)
    expect(p.value.weekend?.days).toBe(2)
    expect(p.value.summary).toBe('the busiest 2 h window is 10:00–12:00 with 50 % of daily volume (peak/average 6.00, 7 days)')
    expect(peakProfileCsv(p.value).split('\n').slice(0, 2)).toEqual(['slot,mean,share', '00:00,1.000,0.01136'])
    expect(JSON.parse(peakProfileJson(p.value)).peakWindow.start).toBe('10:00')
  })

  it('peakProfile() refuses a slot size that does not divide the day', () => {
    expect(peakProfile([{ at: day, value: 1 }], { slotMinutes: 7 })).toEqual({
      ok: false,
      reason: 'slotMinutes 7 does not divide a day',
    })
  })

  it('peakProfile() finds the evening peak in NAB nyc_taxi', () => {
    const p = peakProfile(nab('nyc_taxi.csv'))
    if (!p.ok) throw new Error(p.reason)
    console.log(
      `nyc_taxi: ${p.value.summary}; weekday ${p.value.weekday?.peakWindow.start}–${p.value.weekday?.peakWindow.end}, weekend ${p.value.weekend?.peakWindow.start}–${p.value.weekend?.peakWindow.end}`,
    )
    console.log(
      `nyc_taxi months: ${p.value.months.map((m) => `${m.month} ${Math.round(m.dailyVolume)}${m.change === null ? '' : ` (${(m.change * 100).toFixed(1)} %)`}`).join(', ')}`,
    )
    const startHour = Number(p.value.peakWindow.start.slice(0, 2))
    expect(startHour).toBeGreaterThanOrEqual(17)
    expect(startHour).toBeLessThanOrEqual(20)
    expect(p.value.months).toHaveLength(7)
    expect(p.value.months[0]?.change).toBeNull()
  })
})

describe('dailyPeaks()', () => {
  const hour = 3_600_000
  const samples = [
    { at: day + 1 * hour, value: 5 },
    { at: day + 2 * hour, value: 9 },
    { at: day + 2 * 86_400_000 + 3 * hour, value: 4 },
    { at: day + 3 * 86_400_000 + hour, value: 99 },
  ]
  it('dailyPeaks() gives each day its max, a null for a gap and leaves out the unfinished day', () => {
    const peaks = dailyPeaks(samples, day + 3 * 86_400_000 + 5 * hour, { method: 'max' })
    expect(peaks.map((p) => [p.date, p.value])).toEqual([
      ['2025-03-03', 9],
      ['2025-03-04', null],
      ['2025-03-05', 4],
    ])
  })

  it('dailyPeaks() uses the p95 of the busiest window when asked', () => {
    const spiky = [0, 1, 2, 3].map((h) => ({ at: day + h * hour, value: h === 0 ? 100 : 40 }))
    // 1 h window: the single 100 sample; 3 h window [40,40,40] (sum 120) loses to [100,40,40] (sum 180).
    expect(dailyPeaks(spiky, day + 86_400_000, { method: 'p95', windowHours: 3 })[0]?.value).toBeCloseTo(94, 6)
  })

  it('dailyPeaks() buckets by local day when given a UTC offset', () => {
    const late = [{ at: Date.parse('2025-03-03T23:30:00Z'), value: 7 }]
    expect(dailyPeaks(late, Date.parse('2025-03-06T00:00:00Z'), { method: 'max', utcOffsetMinutes: 60 })[0]?.date).toBe(
      '2025-03-04',
    )
  })

  it('fillGaps() interpolates inner gaps and copies the nearest value at the ends', () => {
    expect(fillGaps([null, 2, null, null, 8, null])).toEqual({ filled: [2, 2, 4, 6, 8, 8], imputed: 4 })
  })
})
