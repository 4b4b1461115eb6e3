// extractPerfRun(): a stepped load test on a half-size rig, one-minute buckets.
// SM2M is driven at 400, 800, 1200 msg/s for 10 minutes each, then 1600 for
// 3 minutes (it fell over), while CPU follows at 20, 40, 60 and 75 %.
import { describe, expect, it } from 'vitest'
import { extractPerfRun, sustainedPeak, type PerfRunSeries } from '../../../server/capacity/feedback/perf-run.ts'

const MIN = 60_000
const start = Date.parse('2026-10-14T09:00:00Z')
const steps = [
  { level: 400, cpu: 20, minutes: 10 },
  { level: 800, cpu: 40, minutes: 10 },
  { level: 1200, cpu: 60, minutes: 10 },
  { level: 1600, cpu: 75, minutes: 3 },
]
function ramp(pick: (s: (typeof steps)[number]) => number): { at: number; mean: number }[] {
  const out: { at: number; mean: number }[] = []
  let t = start
  for (const s of steps) for (let i = 0; i < s.minutes; i++, t += MIN) out.push({ at: t, mean: pick(s) })
  return out
}
const series: PerfRunSeries[] = [
  {
    app: 'sm2m',
    metric: 'messages-per-second',
    kind: 'throughput',
    unit: 'msg/s',
    breakpoint: 3400,
    buckets: ramp((s) => s.level),
  },
  { app: 'sm2m', metric: 'cpu-percent', kind: 'utilisation', unit: '%', breakpoint: 75, buckets: ramp((s) => s.cpu) },
]
const window = { from: new Date(start), to: new Date(start + 40 * MIN) }

describe('extractPerfRun()', () => {
  it.each([
    { sustain: 5, measured: 1200, cpu: 60, live: 2400 },
    { sustain: 3, measured: 1600, cpu: 75, live: 3200 },
    // 12 minutes at ≥ 1200: minutes 20–31 (ten at 1200, two at 1600); CPU is their mean.
    { sustain: 12, measured: 1200, cpu: (60 * 10 + 75 * 2) / 12, live: 2400 },
    // 1600 was held only 3 minutes: it is not the 5-minute peak, and 11 minutes of 1200 are not 14.
    { sustain: 14, measured: 800, cpu: (40 * 10 + 60 * 4) / 14, live: 1600 },
  ])(
    'extractPerfRun() takes $measured msg/s at $cpu % CPU as the level held for $sustain minutes, $live live at half scale',
    ({ sustain, measured, cpu, live }) => {
      const { peaks, skipped } = extractPerfRun(series, window, { stepMs: MIN, sustainMinutes: sustain, scaleOf: () => 0.5 })
      expect(skipped).toEqual([])
      expect(peaks).toHaveLength(1)
      const p = peaks[0]!
      expect(p.measured).toBeCloseTo(measured, 3)
      expect(p.liveEquivalent).toBeCloseTo(live, 3)
      expect(p.environmentScale).toBe(0.5)
      expect(p.utilisation).toEqual([
        {
          metric: 'cpu-percent',
          unit: '%',
          value: expect.closeTo(cpu, 3) as number,
          ofCeiling: expect.closeTo(cpu / 75, 6) as number,
        },
      ])
    },
  )

  it('extractPerfRun() says when the window cannot hold a sustained peak', () => {
    const short = { from: new Date(start), to: new Date(start + 3 * MIN) }
    const { peaks, skipped } = extractPerfRun(series, short, { stepMs: MIN, sustainMinutes: 5, scaleOf: () => 0.5 })
    expect(peaks).toEqual([])
    expect(skipped).toEqual([
      { app: 'sm2m', metric: 'messages-per-second', reason: 'only 3 min of samples without a gap; a sustained peak needs 5 min' },
    ])
  })

  it('extractPerfRun() names the stretch and the utilisation in its note', () => {
    const { peaks } = extractPerfRun(series, window, { stepMs: MIN, sustainMinutes: 5, scaleOf: () => 0.5 })
    expect(peaks[0]?.from).toBe('2026-10-14T09:20:00.000Z')
    expect(peaks[0]?.to).toBe('2026-10-14T09:25:00.000Z')
    expect(peaks[0]?.note).toBe(
      'held 1200 msg/s for 5 min from 09:20 UTC = 2400 live at 50 % scale, at cpu-percent 60 % (80 % of its ceiling); no resource reached 90 % of its ceiling, so the real limit is higher',
    )
  })

  it('sustainedPeak() skips a stretch with a missing bucket', () => {
    const gappy = [0, 1, 2, 4, 5].map((m) => ({ at: start + m * MIN, mean: 100 + m }))
    // 0–2 hold at least 100; 4–5 are higher but only two in a row.
    expect(sustainedPeak(gappy, 3, MIN)).toEqual({ start: 0, level: 100 })
    expect(sustainedPeak(gappy, 2, MIN)).toEqual({ start: 3, level: 104 })
    expect(sustainedPeak(gappy, 4, MIN)).toBeNull()
  })
})
