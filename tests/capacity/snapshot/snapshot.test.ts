import { describe, expect, it } from 'vitest'
import { computeSnapshot, seriesKey, type MetricObservation } from '../../../server/capacity/snapshot/snapshot.ts'
import { effectiveLimit } from '../../../server/capacity/limits/limits.ts'
import { estateSchema, type Estate } from '../../../server/config/schema.ts'

const now = new Date('2026-06-01T12:00:00Z')

function estate(): Estate {
  return estateSchema.parse({
    name: 'table',
    applications: [
      {
        id: 'gw',
        name: 'Gateway',
        metrics: [
          {
            id: 'tps',
            name: 'TPS',
            kind: 'throughput',
            unit: 'tx/s',
            leadTimeDays: 30,
            limits: [
              { name: 'licence', value: 100, evidence: { source: 'vendor', date: '2025-01-01' } },
              { name: 'CPU', value: 40, evidence: { source: 'perf-test', date: '2025-01-01', environmentScale: 0.5 } },
            ],
          },
          {
            id: 'cpu',
            name: 'CPU',
            kind: 'utilisation',
            unit: '%',
            leadTimeDays: 90,
            limits: [{ name: 'CPU 100%', value: 100, evidence: { source: 'observed', date: '2025-01-01' } }],
          },
        ],
      },
      {
        id: 'db',
        name: 'DB',
        metrics: [
          {
            id: 'tps',
            name: 'DB TPS',
            kind: 'throughput',
            unit: 'tx/s',
            leadTimeDays: 60,
            limits: [{ name: 'licence', value: 300, evidence: { source: 'vendor', date: '2025-01-01' } }],
          },
        ],
      },
    ],
    chains: [
      {
        id: 'c',
        name: 'Chain',
        steps: [
          { app: 'gw', metric: 'tps', fanOut: 1 },
          { app: 'db', metric: 'tps', fanOut: 4 },
        ],
      },
    ],
  })
}

function obs(entries: Record<string, [latest: number | null, peak: number | null]>): Map<string, MetricObservation> {
  const m = new Map<string, MetricObservation>()
  for (const [key, [latest, peak]] of Object.entries(entries)) {
    m.set(key, { latest: latest === null ? null : { value: latest, at: now }, peak24h: peak })
  }
  return m
}

describe('effectiveLimit()', () => {
  it('picks the tightest limit after scaling a half-size perf test to live (40 / 0.5 = 80 < 100)', () => {
    const metric = estate().applications[0]!.metrics[0]!
    expect(effectiveLimit(metric)).toMatchObject({ value: 80, name: 'CPU' })
  })
})

describe('computeSnapshot()', () => {
  it.each([
    { scenario: 'peak below warn', peak: 40, rag: 'green', headroom: 40 },
    { scenario: 'peak at warn (0.7 × 80 = 56)', peak: 56, rag: 'amber', headroom: 24 },
    { scenario: 'peak at critical (0.85 × 80 = 68)', peak: 68, rag: 'red', headroom: 12 },
    { scenario: 'peak over the breakpoint', peak: 90, rag: 'red', headroom: -10 },
  ])('gives $rag with headroom $headroom when $scenario', ({ peak, rag, headroom }) => {
    const snap = computeSnapshot(estate(), obs({ 'gw/tps': [10, peak] }), now)
    const tps = snap.applications[0]!.metrics[0]!
    expect(tps.rag).toBe(rag)
    expect(tps.headroom).toBeCloseTo(headroom)
    expect(tps.breakpoint).toBe(80)
    expect(tps.utilisation).toBeCloseTo(10 / 80)
  })

  it('marks a metric with no samples unknown and an application by its worst metric', () => {
    const snap = computeSnapshot(estate(), obs({ 'gw/cpu': [95, 95] }), now)
    const gw = snap.applications[0]!
    expect(gw.metrics[0]!.rag).toBe('unknown')
    expect(gw.rag).toBe('red')
    expect(gw.tightest?.metric).toBe('cpu')
    expect(snap.generatedAt).toBe(now.toISOString())
  })

  it('finds the chain bottleneck by spare chain transactions/s, which moves when load shifts', () => {
    // gw: 80 - 60 = 20 spare tx/s; db: (300 - 200) / 4 = 25 spare chain tx/s -> gw is the bottleneck.
    let chain = computeSnapshot(estate(), obs({ [seriesKey('gw', 'tps')]: [60, 60], 'db/tps': [200, 200] }), now).chains[0]!
    expect(chain.bottleneck).toBe(0)
    expect(chain.spare).toBeCloseTo(20)
    // db at 240: (300 - 240) / 4 = 15 < 20 -> db becomes the bottleneck though its own utilisation (80 %) is higher than gw's (75 %): spare is what counts
    chain = computeSnapshot(estate(), obs({ 'gw/tps': [60, 60], 'db/tps': [240, 240] }), now).chains[0]!
    expect(chain.bottleneck).toBe(1)
    expect(chain.spare).toBeCloseTo(15)
    expect(chain.steps[1]!.capacity).toBeCloseTo(75)
  })

  it('has no bottleneck while no step has data', () => {
    const chain = computeSnapshot(estate(), new Map(), now).chains[0]!
    expect(chain.bottleneck).toBeNull()
    expect(chain.rag).toBe('unknown')
  })
})
