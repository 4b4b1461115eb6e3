import { describe, expect, it } from 'vitest'
import { DEFAULT_RETENTION, readSettings } from '../server/settings.ts'

describe('readSettings() retention', () => {
  it('readSettings() keeps raw points 90 days, hourly rollups 3 years and daily ones 10 years when nothing is set', () => {
    expect(readSettings({}).retention).toEqual(DEFAULT_RETENTION)
    expect(DEFAULT_RETENTION).toEqual({ rawDays: 90, hourlyDays: 1096, dailyDays: 3653 })
  })

  it('readSettings() reads HEADROOM_RETENTION_*_DAYS', () => {
    const env = {
      HEADROOM_RETENTION_RAW_DAYS: '30',
      HEADROOM_RETENTION_HOURLY_DAYS: '400',
      HEADROOM_RETENTION_DAILY_DAYS: '4000',
    }
    expect(readSettings(env).retention).toEqual({ rawDays: 30, hourlyDays: 400, dailyDays: 4000 })
  })

  it.each([
    { env: { HEADROOM_RETENTION_RAW_DAYS: 'ninety' }, error: 'HEADROOM_RETENTION_RAW_DAYS must be a whole number; got "ninety"' },
    { env: { HEADROOM_RETENTION_RAW_DAYS: '0' }, error: 'HEADROOM_RETENTION_RAW_DAYS must be 1 or more; got 0' },
    {
      env: { HEADROOM_RETENTION_RAW_DAYS: '200', HEADROOM_RETENTION_HOURLY_DAYS: '100' },
      error: 'HEADROOM_RETENTION_HOURLY_DAYS (100) must be at least HEADROOM_RETENTION_RAW_DAYS (200)',
    },
  ])('readSettings() names the variable when $env is wrong', ({ env, error }) => {
    expect(() => readSettings(env)).toThrow(error)
  })
})
