import { describe, expect, it } from 'vitest'
import { bandOfDays } from '../../../server/capacity/forecast/forecast-band.ts'
import { orderByDate } from '../../../server/capacity/planning/order-by.ts'
import { timeToBreakpoint } from '../../../server/capacity/planning/time-to-breakpoint.ts'

const now = Date.parse('2025-03-01T12:00:00Z')
const days = [
  { date: '2025-03-02', p50: 80, p90: 90 },
  { date: '2025-03-03', p50: 85, p90: 100 },
  { date: '2025-03-04', p50: 100, p90: 110 },
]

describe('timeToBreakpoint()', () => {
  it.each([
    {
      scenario: 'P50 and P90 cross',
      breakpoint: 100,
      current: null,
      p50: '2025-03-04',
      p90: '2025-03-03',
      reason: /P50 reaches 100 on 2025-03-04, P90 on 2025-03-03/,
    },
    {
      scenario: 'only P90 crosses',
      breakpoint: 105,
      current: null,
      p50: null,
      p90: '2025-03-04',
      reason: /only the pessimistic P90/,
    },
    {
      scenario: 'nothing crosses in the horizon',
      breakpoint: 200,
      current: null,
      p50: null,
      p90: null,
      reason: /no breach within the forecast horizon 2025-03-02..2025-03-04/,
    },
    {
      scenario: 'the current peak is already over',
      breakpoint: 50,
      current: 60,
      p50: '2025-03-01',
      p90: '2025-03-01',
      reason: /already at or above/,
    },
  ])('timeToBreakpoint() gives P50 $p50 and P90 $p90 when $scenario', ({ breakpoint, current, p50, p90, reason }) => {
    const t = timeToBreakpoint(bandOfDays(days), breakpoint, now, current)
    expect(t.p50?.date ?? null).toBe(p50)
    expect(t.p90?.date ?? null).toBe(p90)
    expect(t.reason).toMatch(reason)
  })

  it('timeToBreakpoint() with the day-to-day noise dates the first crossing the median path never reaches', () => {
    const flat = Array.from({ length: 60 }, (_, h) => ({
      date: new Date(Date.parse('2025-03-02') + h * 86_400_000).toISOString().slice(0, 10),
      p50: 100,
      p90: 110,
    }))
    const path = timeToBreakpoint(bandOfDays(flat), 115, now)
    const passage = timeToBreakpoint(bandOfDays(flat), 115, now, null, 10)
    expect(path.p50).toBeNull()
    expect(passage.p50).not.toBeNull()
    expect(passage.reason).toMatch(/more likely than not to have reached 115 by/)
    // The pessimistic date is never after the likely one.
    expect((passage.p90?.days ?? Infinity) <= (passage.p50?.days as number)).toBe(true)
  })

  it('timeToBreakpoint() counts days from today when a breach is found', () => {
    expect(timeToBreakpoint(bandOfDays(days), 100, now).p90?.days).toBe(2)
  })
})

describe('orderByDate()', () => {
  it.each([
    { scenario: 'there is time', breach: '2025-06-01', lead: 30, buffer: 14, orderBy: '2025-04-18', slack: 48 },
    { scenario: 'the order is due today', breach: '2025-04-14', lead: 30, buffer: 14, orderBy: '2025-03-01', slack: 0 },
    {
      scenario: 'the lead time is longer than the time left (slack goes negative)',
      breach: '2025-03-20',
      lead: 60,
      buffer: 14,
      orderBy: '2025-01-05',
      slack: -55,
    },
  ])('orderByDate() is $orderBy with slack $slack when $scenario', ({ breach, lead, buffer, orderBy, slack }) => {
    const o = orderByDate({ date: breach, days: 0 }, lead, buffer, now)
    expect(o.orderBy).toBe(orderBy)
    expect(o.slackDays).toBe(slack)
    if (slack < 0) expect(o.reason).toMatch(`${-slack} days late`)
  })

  it('orderByDate() is null with a reason when no breach is forecast', () => {
    expect(orderByDate(null, 30, 14, now)).toEqual({
      orderBy: null,
      slackDays: null,
      reason: expect.stringMatching(/no P90 breach/),
    })
  })
})
