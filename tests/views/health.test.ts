// buildHealthReport(): ok, or degraded with one reason per thing a person can act on.
import { describe, expect, it } from 'vitest'
import type { CollectorHealth } from '../../collectors/health.ts'
import type { IngestStats } from '../../server/ingest/types.ts'
import type { StoreState } from '../../server/store/store-monitor.ts'
import { buildHealthReport, memoStaleReasons, type HealthInput } from '../../server/views/health.ts'

const now = Date.parse('2026-01-01T12:00:00Z')
const up: StoreState = {
  reachable: true,
  since: '2026-01-01T11:00:00.000Z',
  lastError: null,
  checkedAt: '2026-01-01T11:59:59.000Z',
}
const ingest: IngestStats = {
  accepted: 10,
  rejected: {},
  written: 10,
  dropped: 0,
  retries: 0,
  buffered: 0,
  spooledAtClose: 0,
  lastError: null,
  lastWriteAt: now - 1000,
  writeFailingSince: null,
  spool: { dir: '/d/spool', bytes: 0, maxBytes: 1000, fill: 0, segments: 0, replayed: 0, dropped: 0, lastError: null },
}
const collector = (over: Partial<CollectorHealth>): CollectorHealth => ({
  id: 'prom',
  type: 'prometheus',
  state: 'ok',
  enabled: true,
  schedule: '* * * * * *',
  lastRunAt: null,
  lastSuccess: null,
  lastError: null,
  lastDurationMs: null,
  lastSamples: 0,
  errorCount: 0,
  consecutiveFailures: 0,
  skippedOverlaps: 0,
  skippedBackoff: 0,
  nextAttemptAt: null,
  ...over,
})
const input = (over: Partial<HealthInput>): HealthInput => ({
  storeKind: 'influxdb',
  store: up,
  ingest,
  collectors: [],
  snapshot: null,
  configError: null,
  now,
  ...over,
})

describe('buildHealthReport()', () => {
  it('is ok with no reasons and reports the spool fill when everything works', () => {
    const r = buildHealthReport(input({}))
    expect(r).toMatchObject({ status: 'ok', reasons: [], storeReachable: true, spool: { fill: 0, pendingPoints: 0 } })
  })

  it.each([
    {
      scenario: 'the store does not answer',
      over: { store: { ...up, reachable: false, lastError: 'InfluxDB at http://h:8086/db did not answer within 900 ms' } },
      code: 'store-unreachable',
      message:
        /^store unreachable: InfluxDB at http:\/\/h:8086\/db did not answer within 900 ms \(since .*\); new points are kept in the spool$/,
    },
    {
      scenario: 'writes fail while the ping answers',
      over: { ingest: { ...ingest, writeFailingSince: now - 5000, lastError: 'HTTP 401', buffered: 42 } },
      code: 'store-writes-failing',
      message: /^store writes failing since 2026-01-01T11:59:55.000Z: HTTP 401; 42 points waiting$/,
    },
    {
      scenario: 'the spool is 62 % full',
      over: { ingest: { ...ingest, spool: { ...ingest.spool!, bytes: 620, fill: 0.62 } } },
      code: 'spool-filling',
      message: /^spool 62 % full \(620 of 1000 bytes\); at 100 % the oldest points are dropped$/,
    },
    {
      scenario: 'the spool dropped points',
      over: { ingest: { ...ingest, spool: { ...ingest.spool!, dropped: 7 } } },
      code: 'spool-dropped',
      message: /^7 points dropped since start because the spool was full$/,
    },
    {
      scenario: 'a collector failed 3 runs in a row',
      over: { collectors: [collector({ consecutiveFailures: 3, lastError: { at: '', message: '[url=http://p] timed out' } })] },
      code: 'collectors-failing',
      message: /^collectors failing: prom \(3 failed runs: \[url=http:\/\/p\] timed out\)$/,
    },
    {
      scenario: 'a reload was refused',
      over: { configError: 'estate.yaml:3 x: bad' },
      code: 'config-rejected',
      message: /^estate.yaml:3 x: bad$/,
    },
  ])('is degraded with $code when $scenario', ({ over, code, message }) => {
    const r = buildHealthReport(input(over as Partial<HealthInput>))
    expect(r.status).toBe('degraded')
    expect(r.reasons.map((x) => x.code)).toEqual([code])
    expect(r.reasons[0]?.message).toMatch(message)
  })

  it('does not count a collector with 2 failures or a disabled one as failing', () => {
    const r = buildHealthReport(
      input({
        collectors: [collector({ consecutiveFailures: 2 }), collector({ id: 'x', enabled: false, consecutiveFailures: 9 })],
      }),
    )
    expect(r.status).toBe('ok')
  })
})

describe('memoStaleReasons()', () => {
  const metricsWith = (at: string) => [{ app: 'gw', metric: 'cpu', at, stale: false, staleAfterSeconds: 60 }]
  const t0 = Date.parse('2026-01-01T12:00:00.000Z')

  it('reuses the reasons within one second of one version, and sees a series go stale as the seconds pass', () => {
    const stale = memoStaleReasons()
    let walks = 0
    const metrics = () => {
      walks++
      return metricsWith('2026-01-01T11:59:30.000Z')
    }
    const first = stale(1, metrics, t0)
    expect(first).toEqual([])
    expect(stale(1, metrics, t0 + 900)).toBe(first)
    expect(walks).toBe(1)
    expect(stale(1, metrics, t0 + 31_000)).toEqual([
      { code: 'collectors-stale', message: '1 series stale (no recent sample): gw/cpu' },
    ])
    expect(walks).toBe(2)
  })

  it('works the reasons out again for a new version in the same second', () => {
    const stale = memoStaleReasons()
    expect(stale(1, () => metricsWith('2026-01-01T11:50:00.000Z'), t0)).toHaveLength(1)
    expect(stale(2, () => metricsWith('2026-01-01T11:59:59.000Z'), t0 + 10)).toEqual([])
  })
})
