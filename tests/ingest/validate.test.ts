import { describe, expect, it } from 'vitest'
import { validateSample } from '../../server/ingest/validate.ts'
import { backoffDelay } from '../../server/ingest/backoff.ts'

const known = () => true
const ok = { app: 'dmm', metric: 'jobs', value: 1, at: new Date(0) }

describe('validateSample()', () => {
  it.each([
    [{ ...ok, value: Number.NEGATIVE_INFINITY }, 'not-finite'],
    [{ ...ok, value: '3' as unknown as number }, 'not-finite'],
    [{ ...ok, at: new Date(Number.NaN) }, 'invalid-date'],
    [{ ...ok, at: 0 as unknown as Date }, 'invalid-date'],
    [{ ...ok, metric: '' }, 'bad-name'],
    [{ ...ok, tags: { time: 'x' } }, 'bad-tags'],
    [{ ...ok, tags: { site: 3 as unknown as string } }, 'bad-tags'],
    [{ ...ok, tags: { site: 'north\\east' } }, 'bad-tags'],
    [{ ...ok, tags: { site: 'north\neast' } }, 'bad-tags'],
    [{ ...ok, app: 'dmm\\x' }, 'bad-name'],
  ])('rejects %j with reason %s', (sample, reason) => {
    expect(validateSample(sample, known)?.reason).toBe(reason)
  })

  it('returns null when the sample is valid and known', () => {
    expect(validateSample({ ...ok, tags: { site: 'north' } }, known)).toBeNull()
  })

  it('names the series when isKnown rejects it', () => {
    expect(validateSample({ ...ok, app: 'drivers', metric: 'installs' }, () => false)).toEqual({
      reason: 'unknown-metric',
      message: 'unknown metric drivers/installs',
    })
  })
})

describe('backoffDelay()', () => {
  it('doubles per attempt up to the cap when random is 1', () => {
    const opts = { baseMs: 200, maxMs: 1000, random: () => 1 }
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts))).toEqual([200, 400, 800, 1000, 1000])
  })
})
