// The portfolio's promises from issue 8, on synthetic series and on the NAB
// fixtures, with the real augurs backend.
import { describe, expect, it } from 'vitest'
import { bandDays } from '../../../server/capacity/forecast/forecast-band.ts'
import { defaultForecastOptions, forecastDailyValues } from '../../../server/capacity/forecast/forecast.ts'
import { conformalOffsets } from '../../../server/capacity/forecast/selection/conformal.ts'
import { trendEvidence } from '../../../server/capacity/forecast/selection/trend-evidence.ts'
import { winsorise } from '../../../server/capacity/forecast/selection/winsorise.ts'
import { dailyPeaks } from '../../../server/capacity/forecast/daily-peak.ts'
import { augursBackend } from '../../../server/runtime/augurs-backend.ts'
import { nab } from '../fixtures.ts'

const backend = augursBackend()
const noise = (i: number): number => Math.sin(i * 12.9898) * 3
const weekly = (i: number): number => (i % 7 >= 5 ? -20 : 0)

function forecast(values: number[], bounds = { lower: 0 as number | null, upper: null as number | null }) {
  const f = forecastDailyValues(values, '2025-02-28', backend, { ...defaultForecastOptions, bounds })
  if (!f.ok) throw new Error(f.reason)
  return f.value
}

describe('forecastDailyValues() portfolio', () => {
  it('forecastDailyValues() gives no trend when a flat series has one-day spikes', () => {
    // Spikes late in the history are what tilted AutoETS into a runaway trend before.
    const values = Array.from({ length: 90 }, (_, i) => 100 + weekly(i) + noise(i) + ([70, 78, 85].includes(i) ? 400 : 0))
    const f = forecast(values)
    expect(f.trend).toBe(false)
    const end = bandDays(f.band)[179]!.p50
    expect(end).toBeGreaterThan(70)
    expect(end).toBeLessThan(110)
    // The spikes still count for the pessimistic bound.
    expect(
      Math.max(
        ...bandDays(f.band)
          .slice(0, 14)
          .map((d) => d.p90),
      ),
    ).toBeGreaterThan(110)
  })

  it('forecastDailyValues() never gives a negative P50 or P90 for a falling series of counts', () => {
    const values = Array.from({ length: 90 }, (_, i) => Math.max(0, Math.round(12 - i / 6 + 3 * Math.sin(i * 7.31))))
    const f = forecast(values)
    for (const d of bandDays(f.band)) {
      expect(d.p50).toBeGreaterThanOrEqual(0)
      expect(d.p90).toBeGreaterThanOrEqual(d.p50)
    }
  })

  it('forecastDailyValues() keeps the ramp of a clean rising series, damped over the horizon', () => {
    const values = Array.from({ length: 90 }, (_, i) => 100 + 2 * i + weekly(i) + noise(i))
    const f = forecast(values)
    expect(f.trend).toBe(true)
    expect(f.explanation).toMatch(/rising trend/)
    // A flat forecast repeats its first week; a kept ramp lifts the second week above it (by 14 on the line itself).
    const week = (w: number): number =>
      bandDays(f.band)
        .slice(7 * w, 7 * w + 7)
        .reduce((s, d) => s + d.p50, 0) / 7
    expect(week(1) - week(0)).toBeGreaterThan(3)
    expect(bandDays(f.band)[179]!.p50).toBeGreaterThan(bandDays(f.band)[13]!.p50)
    // Damped: far less than the straight line's 100 + 2·269 = 638.
    expect(bandDays(f.band)[179]!.p50).toBeLessThan(560)
  })

  it('forecastDailyValues() forecasts from after a level shift', () => {
    const values = Array.from({ length: 90 }, (_, i) => (i < 50 ? 100 : 300) + weekly(i) + noise(i))
    const f = forecast(values)
    expect(f.levelShift?.date).toBe('2025-01-20')
    expect(f.history.days).toBe(40)
    expect(bandDays(f.band)[0]!.p50).toBeGreaterThan(270)
    expect(bandDays(f.band)[60]!.p50).toBeGreaterThan(270)
  })

  it('forecastDailyValues() keeps a utilisation under its declared upper bound', () => {
    const values = Array.from({ length: 90 }, (_, i) => Math.min(1, 0.5 + i * 0.006 + noise(i) / 100))
    const f = forecast(values, { lower: 0, upper: 1 })
    for (const d of bandDays(f.band)) expect(d.p90).toBeLessThanOrEqual(1)
  })
})

describe('portfolio choice on the NAB fixtures', () => {
  const fixtures = [
    'nyc_taxi.csv',
    'TravelTime_451.csv',
    'exchange-2_cpc_results.csv',
    'exchange-2_cpm_results.csv',
    'exchange-3_cpc_results.csv',
    'exchange-3_cpm_results.csv',
    'exchange-4_cpc_results.csv',
    'exchange-4_cpm_results.csv',
  ]
  it.each(fixtures)('forecastDailyValues() chooses a model whose back-test beats or equals seasonal naive on %s', (name) => {
    const series = nab(name)
    const end = (series[series.length - 1]!.at as number) + 86_400_000
    const peaks = dailyPeaks(series, end, { method: 'max' })
    const values = peaks.map((p) => p.value)
    const f = forecastDailyValues(values, peaks[peaks.length - 1]!.date, backend)
    if (!f.ok) throw new Error(f.reason)
    const bt = f.value.backtest!
    expect(bt.origins).toBeGreaterThanOrEqual(3)
    expect(bt.mase).toBeLessThanOrEqual(bt.naiveMase as number)
    expect(f.value.selection?.candidates.length).toBeGreaterThan(3)
  })
})

describe('portfolio parts', () => {
  it('winsorise() pulls a one-day spike back to its neighbours and leaves the weekly dip', () => {
    const values = Array.from({ length: 42 }, (_, i) => 100 + weekly(i) + (i === 30 ? 500 : 0))
    const w = winsorise(values, 7)
    expect(w.clipped).toBe(1)
    expect(w.values[30]).toBeLessThan(110)
    expect(w.values[5]).toBe(80)
  })

  it('trendEvidence() finds a ramp and none in noise', () => {
    expect(trendEvidence(Array.from({ length: 70 }, (_, i) => i + noise(i))).present).toBe(true)
    expect(trendEvidence(Array.from({ length: 70 }, (_, i) => 50 + noise(i) * 5)).present).toBe(false)
  })

  it('conformalOffsets() widens with the horizon and never narrows', () => {
    // Errors that grow with the step, as a random walk's do.
    const errors = Array.from({ length: 8 }, (_, o) =>
      Array.from({ length: 28 }, (_, h) => Math.sqrt(h + 1) * Math.sin(o * 3.1 + h * 1.7) * 10),
    )
    const q = conformalOffsets(errors, 180)!
    for (let h = 1; h < 180; h++) expect(q[h]).toBeGreaterThanOrEqual(q[h - 1]!)
    expect(q[179]).toBeGreaterThan(q[27]!)
  })
})
