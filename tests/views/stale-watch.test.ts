// /api/health's stale series come from a background walk of the metrics,
// not from a walk on every request; a result too old to trust (or none yet)
// is worked out on the request, as before.
import { describe, expect, it } from 'vitest'
import { createStaleWatch } from '../../server/views/stale-watch.ts'

const t0 = Date.parse('2026-01-01T12:00:00.000Z')
const metric = (at: string) => ({ app: 'gw', metric: 'cpu', at, stale: false, staleAfterSeconds: 60 })

function setup() {
  let walks = 0
  let clock = t0
  let at = '2026-01-01T11:59:30.000Z'
  const watch = createStaleWatch({
    version: () => 1,
    metrics: () => {
      walks++
      return [metric(at)]
    },
    now: () => clock,
  })
  return {
    watch,
    walks: () => walks,
    setClock: (ms: number) => (clock = ms),
    sampleAt: (iso: string) => (at = iso),
  }
}

describe('stale watch', () => {
  it('answers from the background walk for two seconds without walking the metrics on the request', async () => {
    const s = setup()
    await s.watch.refresh()
    expect(s.walks()).toBe(1)
    expect(s.watch.reasons(t0 + 1500)).toEqual([])
    expect(s.walks()).toBe(1)
  })

  it('walks on the request before the first background result and once that result is over two seconds old', async () => {
    const s = setup()
    expect(s.watch.reasons(t0)).toEqual([])
    expect(s.walks()).toBe(1)
    await s.watch.refresh()
    expect(s.walks()).toBe(2)
    // A last sample three minutes old, against a 60 s threshold: stale now.
    s.sampleAt('2026-01-01T11:57:00.000Z')
    expect(s.watch.reasons(t0 + 2500)).toEqual([
      { code: 'collectors-stale', message: '1 series stale (no recent sample): gw/cpu' },
    ])
    expect(s.walks()).toBe(3)
  })

  it('a background walk sees a series go stale', async () => {
    const s = setup()
    s.setClock(t0 + 31_000)
    await s.watch.refresh()
    expect(s.watch.reasons(t0 + 31_500)).toHaveLength(1)
  })
})
