// Each condition type over real snapshots: which entities fire, hold inside
// the hysteresis band, clear, or cannot be judged yet.
import { describe, expect, it } from 'vitest'
import { observe, observeEach } from '../../server/alerts/evaluation/evaluate.ts'
import { collector, context, rule, snapshot, T0, withEngine } from './support.ts'

const at = (days: number) => new Date(T0.getTime() + days * 86_400_000).toISOString().slice(0, 10)

function statusOf(rules: ReturnType<typeof rule>, ctx: ReturnType<typeof context>) {
  return Object.fromEntries(
    observe(rules, ctx).map((o) => [
      o.labels.app ? `${o.labels.app}/${o.labels.metric}` : (o.labels.chain ?? o.labels.collector),
      o.status,
    ]),
  )
}

describe('utilisation condition', () => {
  const critical = rule({ alert: 'Hot', condition: { type: 'utilisation' } })
  it.each([
    { scenario: 'the 24 h peak is at the critical threshold', gw: 85, expected: 'firing' },
    { scenario: 'the peak is inside the 5-point hysteresis band', gw: 82, expected: 'holding' },
    { scenario: 'the peak is below the band', gw: 79, expected: 'clear' },
  ])('utilisation() is $expected when $scenario', ({ gw, expected }) => {
    expect(statusOf(critical, context(snapshot({ 'gw/tps': gw })))['gw/tps']).toBe(expected)
  })

  it('utilisation() judges the latest value, not the peak, when measure is latest', () => {
    const latest = rule({ alert: 'HotNow', condition: { type: 'utilisation', measure: 'latest', above: 0.5 } })
    const s = snapshot({ 'gw/tps': 30 }, T0, { peaks: { 'gw/tps': 90 } })
    expect(statusOf(latest, context(s))['gw/tps']).toBe('clear')
    expect(statusOf(critical, context(s))['gw/tps']).toBe('firing')
  })

  it('utilisation() is unknown for a metric with no sample yet', () => {
    expect(statusOf(critical, context(snapshot({})))['db/conn']).toBe('unknown')
  })

  it('selects by application, kind, chain and labels', () => {
    const s = snapshot({ 'gw/tps': 99, 'db/conn': 49, 'queue/depth': 999 })
    const keys = (select: Record<string, unknown>) =>
      Object.keys(statusOf(rule({ alert: 'Sel', condition: { type: 'utilisation' }, select }), context(s))).sort()
    expect(keys({ app: 'gw' })).toEqual(['gw/tps'])
    expect(keys({ kind: ['concurrency', 'storage'] })).toEqual(['db/conn', 'queue/depth'])
    expect(keys({ chain: 'orders' })).toEqual(['db/conn', 'gw/tps'])
    expect(keys({ labels: { layer: 'core' } })).toEqual(['db/conn'])
  })

  it('renders annotations with the metric names, utilisation and limit', () => {
    const r = rule({
      alert: 'Hot',
      condition: { type: 'utilisation' },
      annotations: {
        summary: '{{ appName }} {{ metricName }} at {{ measured }} of {{ limit }} {{ unit }} ({{ $labels.layer }})',
      },
    })
    const [obs] = observe(r, context(snapshot({ 'gw/tps': 91 }))).filter((o) => o.labels.app === 'gw')
    expect(obs?.annotations.summary).toBe('Gateway Requests at 91 % of 100 tps (edge)')
    expect(obs?.labels).toMatchObject({ alertname: 'Hot', app: 'gw', metric: 'tps', kind: 'throughput', severity: 'warning' })
  })
})

describe('breach-inside-lead-time condition', () => {
  const r = rule({ alert: 'OrderNow', condition: { type: 'breach-inside-lead-time', withinDays: 7 } })
  // lead 30 + buffer 14 = 44 days: a P90 breach in d days leaves d − 44 days before the order-by date.
  it.each([
    { scenario: 'the order-by date has passed', days: 40, expected: 'firing' },
    { scenario: 'the order-by date is exactly withinDays away', days: 51, expected: 'firing' },
    { scenario: 'it is one day beyond withinDays, inside the 2-day band', days: 52, expected: 'holding' },
    { scenario: 'it is well beyond withinDays', days: 90, expected: 'clear' },
  ])('breach-inside-lead-time() is $expected when $scenario', ({ days, expected }) => {
    const s = withEngine(snapshot({ 'gw/tps': 50 }), 'gw/tps', { p90Breach: { date: at(days), days } })
    expect(statusOf(r, context(s))['gw/tps']).toBe(expected)
  })

  it('breach-inside-lead-time() is clear when no breach is forecast and unknown before the engine has run', () => {
    const s = withEngine(snapshot({ 'gw/tps': 50, 'db/conn': 10 }), 'gw/tps', { p90Breach: null })
    const got = statusOf(r, context(s))
    expect(got['gw/tps']).toBe('clear')
    expect(got['db/conn']).toBe('unknown')
  })
})

describe('slack-below condition', () => {
  it.each([
    { slack: -3, expected: 'firing' },
    { slack: 29, expected: 'firing' },
    { slack: 31, expected: 'holding' },
    { slack: 40, expected: 'clear' },
  ])('slack-below(30 days) is $expected when slack is $slack days', ({ slack, expected }) => {
    const s = withEngine(snapshot({ 'gw/tps': 50 }), 'gw/tps', { slackDays: slack, orderBy: at(slack) })
    expect(statusOf(rule({ alert: 'Slack', condition: { type: 'slack-below', days: 30 } }), context(s))['gw/tps']).toBe(expected)
  })
})

describe('chain-headroom condition', () => {
  it('chain-headroom() fires when the bottleneck leaves less than `below` and names it in the summary', () => {
    const r = rule({ alert: 'ChainTight', condition: { type: 'chain-headroom', below: 0.2 } })
    const [obs] = observe(r, context(snapshot({ 'gw/tps': 50, 'db/conn': 45 })))
    expect(obs?.labels.chain).toBe('orders')
    expect(obs?.status).toBe('firing')
    expect(obs?.annotations.summary).toContain('Database Connections')
    expect(observe(r, context(snapshot({ 'gw/tps': 50, 'db/conn': 20 })))[0]?.status).toBe('clear')
  })
})

describe('collector-down condition', () => {
  it('collector-down() fires after `failures` failed runs in a row and clears on a success', () => {
    const r = rule({ alert: 'Down', condition: { type: 'collector-down', failures: 3 } })
    const got = statusOf(r, context(snapshot({}), T0, [collector('sim', 3), collector('prom', 2), collector('idle', 0, 'idle')]))
    expect(got).toEqual({ sim: 'firing', prom: 'clear', idle: 'unknown' })
  })
})

describe('series-stale condition', () => {
  it.each([
    { scenario: 'the last sample is 16 s old on a 5 s series', ageMs: 16_000, expected: 'firing' },
    { scenario: 'it is exactly 3 intervals old', ageMs: 15_000, expected: 'clear' },
    { scenario: 'it is fresh', ageMs: 2000, expected: 'clear' },
  ])('series-stale() is $expected when $scenario', ({ ageMs, expected }) => {
    const s = snapshot({ 'gw/tps': 10 }, T0, { ageMs: { 'gw/tps': ageMs }, intervalMs: 5000 })
    expect(statusOf(rule({ alert: 'Stale', condition: { type: 'series-stale' } }), context(s))['gw/tps']).toBe(expected)
  })
})

describe('evidence-age condition', () => {
  it('evidence-age() fires for a limit older than maxAgeDays and names the limit', () => {
    const r = rule({ alert: 'Retest', condition: { type: 'evidence-age', maxAgeDays: 365 } })
    const obs = observe(r, context(snapshot({})))
    const byApp = Object.fromEntries(obs.map((o) => [o.labels.app, o]))
    // db's evidence is from 2024-01-01 (791 days before T0), gw's from 2025-06-01 (274 days).
    expect(byApp.db?.status).toBe('firing')
    expect(byApp.db?.labels.limit).toBe('vendor')
    expect(byApp.db?.annotations.summary).toContain('791 days old')
    expect(byApp.gw?.status).toBe('clear')
  })
})

describe('per-metric conditions, one candidate at a time', () => {
  it.each([
    { type: 'utilisation' },
    { type: 'series-stale' },
    { type: 'breach-inside-lead-time' },
    { type: 'slack-below', days: 30 },
    { type: 'evidence-age' },
  ])('$type gives its first observation before reading the next application’s metrics', (condition) => {
    const s = snapshot({ 'gw/tps': 91, 'db/conn': 10 })
    const [first, ...rest] = s.applications
    expect(first && rest.length).toBeTruthy()
    // Counts reads of every later application's metrics: a condition that builds its whole list first reads them all.
    let laterReads = 0
    const watched = rest.map((app) => {
      const metrics = app.metrics
      return Object.defineProperty({ ...app }, 'metrics', {
        get: () => {
          laterReads++
          return metrics
        },
      })
    })
    const ctx = context({ ...s, applications: [first as (typeof s.applications)[number], ...watched] })
    const each = observeEach(rule({ alert: 'One', condition }), ctx)
    expect(each.next().done).toBe(false)
    expect(laterReads).toBe(0)
    expect([...each].length).toBeGreaterThan(0)
    expect(laterReads).toBeGreaterThan(0)
  })
})
