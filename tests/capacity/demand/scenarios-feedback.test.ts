import { describe, expect, it } from 'vitest'
import { bandOfDays } from '../../../server/capacity/forecast/forecast-band.ts'
import { findStaleEvidence } from '../../../server/capacity/limits/evidence.ts'
import { checkLimitsAgainstLive, compareForecastVersions, forecastErrors } from '../../../server/capacity/feedback/feedback.ts'
import { runScenario } from '../../../server/capacity/demand/scenarios.ts'
import { scenarioSchema } from '../../../server/config/engine-schema.ts'
import { estate, metric } from '../fixtures.ts'

const now = Date.parse('2025-03-01T12:00:00Z')
const est = estate({
  name: 'test',
  applications: [
    { id: 'ggsn', name: 'GGSN', metrics: [metric('tps', 100, { model: { base: 10, drivers: { installs: 0.01 } } })] },
    {
      id: 'sm2m',
      name: 'SM2M',
      metrics: [
        metric('tps', 200, {
          model: { base: 0, drivers: { installs: 0.02 } },
          upgrades: [{ name: 'sm2m node', adds: 100, leadTimeDays: 30 }],
        }),
      ],
    },
  ],
  chains: [
    {
      id: 'install',
      name: 'Install',
      steps: [
        { app: 'ggsn', metric: 'tps' },
        { app: 'sm2m', metric: 'tps', fanOut: 2 },
      ],
    },
  ],
  drivers: [{ id: 'installs', name: 'Installs', unit: 'per hour' }],
})
// ggsn peak 50 (10 base + 40 from 4000 installs); sm2m peak 80 (all from installs).
const input = (app: string) =>
  app === 'ggsn'
    ? { breakpoint: 100, peak: 50 }
    : {
        breakpoint: 200,
        peak: 80,
        forecast: bandOfDays([
          { date: '2025-03-10', p50: 90, p90: 95 },
          { date: '2025-04-10', p50: 120, p90: 130 },
        ]),
      }
const drivers = { installs: 4000 }

describe('runScenario()', () => {
  it('runScenario() breaks sm2m now and moves the chain bottleneck when installs spike ×3', () => {
    const s = scenarioSchema.parse({
      id: 'spike',
      name: 'Installs ×3 for 2 h',
      spike: { drivers: ['installs'], factor: 3, hours: 2 },
    })
    const r = runScenario(est, s, input, drivers, now)
    const by = Object.fromEntries(r.metrics.map((m) => [m.app, m]))
    expect(by.ggsn?.peak).toBe(130) // 50 + 40 × 2
    expect(by.sm2m?.peak).toBe(240) // 80 + 80 × 2
    expect(r.breaking.map((m) => m.app)).toEqual(['ggsn', 'sm2m']) // both break now; ggsn's utilisation (1.3) is higher than sm2m's (1.2)
    expect(by.ggsn?.reason).toMatch(/breaks now/)
    // Baseline spare: ggsn 50, sm2m (200-80)/2 = 60 → ggsn. Scenario: ggsn -30, sm2m -20 → still ggsn.
    expect(r.chains[0]?.baseline.bottleneck).toBe(0)
    expect(r.chains[0]?.scenario.bottleneck).toBe(0)
  })

  it('runScenario() moves the chain bottleneck to sm2m when half of GGSN is lost', () => {
    const s = scenarioSchema.parse({
      id: 'site-lost',
      name: 'One GGSN site lost',
      capacityLoss: [{ app: 'ggsn', fraction: 0.5 }],
    })
    const r = runScenario(
      est,
      { ...s, multipliers: {} },
      (app) => (app === 'ggsn' ? { breakpoint: 100, peak: 20 } : { breakpoint: 200, peak: 120 }),
      drivers,
      now,
    )
    // Baseline spare: ggsn 80, sm2m 40 → sm2m; after loss ggsn 50-20=30 → ggsn.
    expect(r.chains[0]?.baseline.bottleneck).toBe(1)
    expect(r.chains[0]?.scenario.bottleneck).toBe(0)
    expect(r.chains[0]?.moved).toBe(true)
    expect(r.metrics[0]?.capacity).toBe(50)
    expect(r.metrics[0]?.reason).toMatch(/50 % of capacity lost/)
  })

  it('runScenario() dates the breach from the forecast and a planned upgrade pushes it out of the horizon', () => {
    const grow = scenarioSchema.parse({ id: 'grow', name: 'Installs +60 %', multipliers: { installs: 1.6 } })
    // sm2m persistent peak 80 + 80 × 0.6 = 128: ratio 1.6; P90 130 × 1.6 = 208 ≥ 200 on 2025-04-10.
    const before = runScenario(est, grow, input, drivers, now)
    expect(before.metrics[1]?.breach).toEqual({ date: '2025-04-10', days: 40 })
    const upgraded = runScenario(
      est,
      { ...grow, upgrades: [{ app: 'sm2m', metric: 'tps', upgrade: 'sm2m node', from: '2025-04-01' }] },
      input,
      drivers,
      now,
    )
    expect(upgraded.metrics[1]?.breach).toBeNull()
    expect(upgraded.metrics[1]?.reason).toMatch(/"sm2m node" adds 100 from 2025-04-01/)
  })

  it('runScenario() compounds growth per month on the forecast: +10 % a month breaches sm2m on 2025-04-10, none without', () => {
    // sm2m is all installs: on 2025-04-10 (40 days ahead) 1.1^(40/30.44) = 1.134 × P90 130 = 147 < 200; on
    // 2025-03-10 (9 days) 1.029 × 95 = 98. Growth 30 % a month: 1.3^(40/30.44) = 1.41 × 130 = 183 — still under.
    // 60 % a month: 1.6^(1.314) = 1.855 × 130 = 241 ≥ 200 → breach on 2025-04-10.
    const grown = (g: number) =>
      runScenario(est, scenarioSchema.parse({ id: 'g', name: 'growth', growthPerMonth: { installs: g } }), input, drivers, now)
    expect(grown(0.3).metrics[1]?.breach).toBeNull()
    expect(grown(0.6).metrics[1]?.breach).toEqual({ date: '2025-04-10', days: 40 })
    expect(grown(0.6).metrics[1]?.reason).toMatch(/installs grows 60 % a month on top of the forecast/)
    // Today's peak is not grown: growth starts from today.
    expect(grown(0.6).metrics[1]?.peak).toBe(80)
  })

  it('runScenario() keeps the baseline breach beside the scenario breach and dates each chain by its first step breach', () => {
    const withBaseline = (app: string) => ({
      ...input(app),
      baselineBreach: app === 'sm2m' ? { date: '2025-06-01', days: 92 } : null,
    })
    const grow = scenarioSchema.parse({ id: 'grow', name: 'Installs +60 %', multipliers: { installs: 1.6 } })
    const r = runScenario(est, grow, withBaseline, drivers, now)
    expect(r.metrics[1]?.baselineBreach).toEqual({ date: '2025-06-01', days: 92 })
    expect(r.chains[0]?.baselineFirstBreach).toEqual({ key: 'sm2m/tps', date: '2025-06-01' })
    expect(r.chains[0]?.firstBreach).toEqual({ key: 'sm2m/tps', date: '2025-04-10' })
  })
})

describe('feedback', () => {
  it('forecastErrors() gives MAPE, WAPE and bias for a hand-checked table', () => {
    const e = forecastErrors([
      { actual: 100, forecast: 110 },
      { actual: 200, forecast: 180 },
      { actual: 0, forecast: 5 },
    ])
    expect(e.mape).toBeCloseTo((0.1 + 0.1) / 2, 9)
    expect(e.wape).toBeCloseTo(35 / 300, 9)
    expect(e.bias).toBeCloseTo(-5 / 300, 9)
  })

  it('compareForecastVersions() scores each version per driver and month on the dates with actuals', () => {
    const actuals = [
      { date: '2025-01-01', driver: 'installs', value: 100 },
      { date: '2025-02-01', driver: 'installs', value: 100 },
    ]
    const out = compareForecastVersions(
      [
        {
          version: 'v1',
          createdAt: '2024-12-01',
          rows: [
            { date: '2025-01-01', driver: 'installs', value: 150 },
            { date: '2025-03-01', driver: 'installs', value: 1 },
          ],
        },
        { version: 'v2', createdAt: '2024-12-15', rows: [{ date: '2025-01-01', driver: 'installs', value: 90 }] },
      ],
      actuals,
    )
    expect(out.map((r) => [r.version, r.period, r.wape, r.bias])).toEqual([
      ['v1', '2025-01', 0.5, 0.5],
      ['v2', '2025-01', 0.1, -0.1],
    ])
  })

  const evidenceEstate = estate({
    name: 'ev',
    applications: [
      {
        id: 'dmm',
        name: 'DMM',
        metrics: [
          metric('tps', 100, {
            limits: [
              { name: 'perf', value: 50, evidence: { source: 'perf-test', date: '2023-01-01', environmentScale: 0.5 } },
              { name: 'vendor', value: 80, evidence: { source: 'vendor', date: '2025-01-01' } },
            ],
          }),
        ],
      },
    ],
  })

  it('checkLimitsAgainstLive() scales a half-size perf test to live and flags a limit the live peak exceeds', () => {
    const checks = checkLimitsAgainstLive(evidenceEstate, () => 90)
    expect(checks.map((c) => [c.limit, c.liveLimit, c.status])).toEqual([
      ['perf', 100, 'ok'],
      ['vendor', 80, 'contradicted'],
    ])
    expect(checks[1]?.reason).toMatch(/live peak 90 exceeds the vendor limit 80/)
  })

  it('findStaleEvidence() lists evidence older than the maximum age', () => {
    const stale = findStaleEvidence(evidenceEstate, now)
    expect(stale.map((s) => [s.limit, s.ageDays])).toEqual([['perf', 790]])
    expect(stale[0]?.reason).toMatch(/perf-test evidence from 2023-01-01 is 790 days old/)
  })
})
