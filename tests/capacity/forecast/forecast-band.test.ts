// A forecast's band of columns: one shared list of day names per day made,
// however the band arrived (a fit worker's structured clone, a saved cache).
import { describe, expect, it } from 'vitest'
import { bandAfter, bandDays, bandOfDays, shareBandDates } from '../../../server/capacity/forecast/forecast-band.ts'
import { defaultForecastOptions, forecastDailyValues, settleArrivedForecast } from '../../../server/capacity/forecast/forecast.ts'
import { augursBackend } from '../../../server/runtime/augurs-backend.ts'

const lastMs = Date.parse('2025-02-27T00:00:00Z')

describe('forecast band', () => {
  it('bandAfter() names the days after the last day of history, shared by every band made that day', () => {
    const a = bandAfter(lastMs, [1, 2, 3], [2, 3, 4])
    const b = bandAfter(lastMs, [5, 6, 7], [6, 7, 8])
    expect(a.dates).toEqual(['2025-02-28', '2025-03-01', '2025-03-02'])
    expect(b.dates).toBe(a.dates)
  })

  it('shareBandDates() points a cloned band at the shared list and keeps its values', () => {
    const made = bandAfter(lastMs, [1, 2, 3], [2, 3, 4])
    const arrived = structuredClone(made)
    expect(arrived.dates).not.toBe(made.dates)
    const shared = shareBandDates(arrived)
    expect(shared.dates).toBe(made.dates)
    expect(bandDays(shared)).toEqual(bandDays(made))
  })

  it('shareBandDates() leaves dates that do not run day by day, or are no calendar day, as they are', () => {
    const gappy = { dates: ['2025-03-01', '2025-03-05'], p50: [1, 2], p90: [2, 3] }
    expect(shareBandDates(gappy).dates).toBe(gappy.dates)
    const impossible = { dates: ['2025-13-45', '2025-13-46'], p50: [1, 2], p90: [2, 3] }
    expect(shareBandDates(impossible).dates).toBe(impossible.dates)
  })

  it('bandOfDays() and bandDays() are each other’s inverse', () => {
    const days = [
      { date: '2025-03-10', p50: 90, p90: 95 },
      { date: '2025-03-11', p50: 120, p90: 130 },
    ]
    const band = bandOfDays(days)
    expect(band.p50).toEqual([90, 120])
    expect(band.p90).toEqual([95, 130])
    expect(bandDays(band)).toEqual(days)
  })

  it('settleArrivedForecast() gives a forecast cloned from a fit worker the shared days and the same values', () => {
    const values = Array.from({ length: 42 }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 7) + i * 0.5)
    const made = forecastDailyValues(values, '2025-02-27', augursBackend(), defaultForecastOptions)
    if (!made.ok) throw new Error(made.reason)
    const arrived = structuredClone(made)
    settleArrivedForecast(arrived)
    if (!arrived.ok) throw new Error('the clone lost its forecast')
    expect(arrived.value.band.dates).toBe(made.value.band.dates)
    expect(arrived.value.band.p50).toEqual(made.value.band.p50)
    expect(arrived.value.band.p90).toEqual(made.value.band.p90)
    expect(arrived.value.selection?.offsets).toEqual(made.value.selection?.offsets)
  })
})
