// peaksOf() remembers its last reduction per bucket list; what it returns must
// still follow the day of `now` and the options, exactly as a fresh reduction.
import { describe, expect, it } from 'vitest'
import { peaksOf } from '../../../server/capacity/forecast/series-peaks.ts'
import { defaultForecastOptions } from '../../../server/capacity/forecast/forecast.ts'
import type { Bucket } from '../../../server/capacity/forecast/types.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 5, 1)
const buckets: Bucket[] = Array.from({ length: 10 }, (_, d) => ({ at: T0 + d * DAY, mean: d, max: 10 + d }))
const key = JSON.stringify(defaultForecastOptions)

describe('peaksOf', () => {
  it('leaves out the day of now, and a later call with a later now counts that day in', () => {
    const early = peaksOf(buckets, new Date(T0 + 8 * DAY + 3_600_000), defaultForecastOptions, key)
    expect(early.values).toEqual([10, 11, 12, 13, 14, 15, 16, 17])
    const late = peaksOf(buckets, new Date(T0 + 9 * DAY + 3_600_000), defaultForecastOptions, key)
    expect(late.values).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18])
    expect(late.fingerprint).not.toBe(early.fingerprint)
    // Back to the first day: the same answer as the first call, not the remembered later one.
    expect(peaksOf(buckets, new Date(T0 + 8 * DAY + 7_200_000), defaultForecastOptions, key)).toEqual(early)
  })

  it('gives another fingerprint under other options, and a new list its own reduction', () => {
    const now = new Date(T0 + 10 * DAY)
    const a = peaksOf(buckets, now, defaultForecastOptions, key)
    expect(peaksOf(buckets, now, defaultForecastOptions, `${key}|bounds`).fingerprint).not.toBe(a.fingerprint)
    const changed = buckets.map((b, i) => (i === 9 ? { ...b, max: 99 } : b))
    expect(peaksOf(changed, now, defaultForecastOptions, key).maxPeak).toBe(99)
    expect(peaksOf(buckets, now, defaultForecastOptions, key).maxPeak).toBe(19)
  })
})
