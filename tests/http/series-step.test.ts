import { describe, expect, it } from 'vitest'
import { stepForPoints } from '../../server/http/series-step.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const to = new Date(Date.UTC(2026, 11, 2, 13, 27, 5))

describe('stepForPoints()', () => {
  it.each([
    { span: '1 year', days: 365, points: 2000, step: 6 * HOUR, buckets: 1461 },
    { span: '90 days', days: 90, points: 2000, step: 2 * HOUR, buckets: 1081 },
    { span: '24 hours', days: 1, points: 2000, step: MIN, buckets: 1441 },
    { span: '7 days', days: 7, points: 1000, step: 15 * MIN, buckets: 673 },
    { span: '10 years', days: 3653, points: 2000, step: 2 * DAY, buckets: 1827 },
  ])('stepForPoints() picks $step ms for $span at most $points points', ({ days, points, step, buckets }) => {
    const choice = stepForPoints(new Date(to.getTime() - days * DAY), to, points)
    expect(choice.stepMs).toBe(step)
    // The window is widened to whole steps (so rollups can answer) and still holds at most `points` buckets.
    expect(choice.from.getTime() % step).toBe(0)
    expect(choice.to.getTime() % step).toBe(0)
    expect(choice.from.getTime()).toBeLessThanOrEqual(to.getTime() - days * DAY)
    expect(choice.to.getTime()).toBeGreaterThanOrEqual(to.getTime())
    expect((choice.to.getTime() - choice.from.getTime()) / step).toBe(buckets)
    expect(buckets).toBeLessThanOrEqual(points)
  })
})
