// The lifecycle as pure functions: state machine steps, a whole cycle,
// inhibition along a chain, silence matching and templates.
import { describe, expect, it } from 'vitest'
import { keepChangesMadeMeanwhile, runCycle, runCycleSteps } from '../../server/alerts/evaluation/cycle.ts'
import { observe, type Observation } from '../../server/alerts/evaluation/evaluate.ts'
import { overCritical } from '../../server/alerts/evaluation/exceptions.ts'
import { inhibitions } from '../../server/alerts/evaluation/inhibition.ts'
import { matchersProblem, silencedBy } from '../../server/alerts/evaluation/silences.ts'
import { stepAlert } from '../../server/alerts/evaluation/state-machine.ts'
import { checkTemplate, renderTemplate } from '../../server/alerts/evaluation/template.ts'
import type { AlertInstance, ConditionStatus, Silence } from '../../server/alerts/evaluation/types.ts'
import { context, rule, rules, snapshot, T0 } from './support.ts'

const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)
const hot = rule({ alert: 'Hot', condition: { type: 'utilisation' }, for: '5m', select: { app: 'gw' } })

function obsWith(status: ConditionStatus): Observation {
  const [o] = observe(hot, context(snapshot({ 'gw/tps': 90 })))
  if (!o) throw new Error('no observation')
  return { ...o, status }
}

describe('stepAlert()', () => {
  const pending = stepAlert(undefined, obsWith('firing'), T0, 300_000) as AlertInstance
  const firing = stepAlert(pending, obsWith('firing'), minutes(5), 300_000) as AlertInstance

  it.each([
    { scenario: 'nothing and the condition holds', prev: undefined, status: 'firing', at: 0, expected: 'pending' },
    { scenario: 'nothing and the value is only in the band', prev: undefined, status: 'holding', at: 0, expected: 'inactive' },
    { scenario: 'pending for less than `for`', prev: pending, status: 'firing', at: 4, expected: 'pending' },
    { scenario: 'pending for `for`', prev: pending, status: 'firing', at: 5, expected: 'firing' },
    { scenario: 'pending inside the band when `for` passes', prev: pending, status: 'holding', at: 5, expected: 'firing' },
    { scenario: 'pending and the condition clears', prev: pending, status: 'clear', at: 2, expected: 'inactive' },
    { scenario: 'firing and the value drops into the band', prev: firing, status: 'holding', at: 6, expected: 'firing' },
    { scenario: 'firing and the value clears the band', prev: firing, status: 'clear', at: 6, expected: 'resolved' },
    { scenario: 'firing and there is no data to judge by', prev: firing, status: 'unknown', at: 6, expected: 'firing' },
    { scenario: 'pending and there is no data', prev: pending, status: 'unknown', at: 9, expected: 'pending' },
  ] as const)('goes to $expected from $scenario', ({ prev, status, at, expected }) => {
    const next = stepAlert(prev, obsWith(status), minutes(at), 300_000)
    expect(next?.state ?? 'inactive').toBe(expected)
  })

  it('starts a new episode (new activeAt, no ack) when a resolved alert fires again', () => {
    const resolved = { ...stepAlert(firing, obsWith('clear'), minutes(6), 300_000)!, ack: null }
    const again = stepAlert(
      { ...resolved, ack: { by: 'x', role: 'operator', at: '', comment: '' } },
      obsWith('firing'),
      minutes(8),
      300_000,
    )
    expect(again?.state).toBe('pending')
    expect(again?.activeAt).toBe(minutes(8).toISOString())
    expect(again?.ack).toBeNull()
  })

  it('fires at once when `for` is 0 and keeps firedAt as the start', () => {
    const now = stepAlert(undefined, obsWith('firing'), T0, 0)
    expect(now?.state).toBe('firing')
    expect(now?.firedAt).toBe(T0.toISOString())
  })
})

describe('runCycle()', () => {
  it('resolves a firing alert whose entity is gone and forgets it after the retention once notifiers were told', () => {
    const firing = stepAlert(undefined, obsWith('firing'), T0, 0) as AlertInstance
    const told = { ...firing, delivered: { 'webhook:ops': { state: 'firing' as const, episode: firing.activeAt, at: '' } } }
    const base = { observations: [], resolvedRetentionMs: 3_600_000, notifiers: ['webhook:ops'] }
    const one = runCycle({ ...base, previous: new Map([[told.id, told]]), now: minutes(1) })
    expect(one.instances.get(told.id)?.state).toBe('resolved')
    expect(one.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['firing->resolved'])
    // An hour later, the webhook still owes 'resolved': kept.
    const two = runCycle({ ...base, previous: one.instances, now: minutes(62) })
    expect(two.instances.has(told.id)).toBe(true)
    const delivered = {
      ...two.instances.get(told.id)!,
      delivered: { 'webhook:ops': { state: 'resolved' as const, episode: firing.activeAt, at: '' } },
    }
    const three = runCycle({ ...base, previous: new Map([[told.id, delivered]]), now: minutes(63) })
    expect(three.instances.has(told.id)).toBe(false)
  })
})

describe('keepChangesMadeMeanwhile()', () => {
  it('carries an acknowledgement and a delivery made while the sliced cycle ran into its instances and saved transitions', () => {
    const pending = stepAlert(undefined, obsWith('firing'), T0, 300_000) as AlertInstance
    const live = new Map([[pending.id, pending]])
    const start = new Map(live)
    const steps = runCycleSteps({
      previous: start,
      observations: [obsWith('firing')],
      now: minutes(5),
      resolvedRetentionMs: 3_600_000,
      notifiers: [],
    })
    steps.next()
    // An operator acknowledges, and a notifier records a delivery, while the cycle is between slices.
    const ack = { by: 'ana', role: 'operator' as const, at: minutes(5).toISOString(), comment: 'on it' }
    const delivered = { 'webhook:ops': { state: 'firing' as const, episode: pending.activeAt, at: '' } }
    live.set(pending.id, { ...pending, ack, delivered })
    let step = steps.next()
    while (!step.done) step = steps.next()
    expect(step.value.instances.get(pending.id)?.ack).toBeNull()
    const kept = keepChangesMadeMeanwhile(start, live, step.value)
    expect(kept.instances.get(pending.id)).toMatchObject({ state: 'firing', ack, delivered })
    expect(kept.transitions.map((t) => [t.to, t.instance.ack?.by])).toEqual([['firing', 'ana']])
  })

  it('leaves the result alone when nothing changed meanwhile', () => {
    const pending = stepAlert(undefined, obsWith('firing'), T0, 300_000) as AlertInstance
    const start = new Map([[pending.id, pending]])
    const result = runCycle({ previous: start, observations: [], now: minutes(1), resolvedRetentionMs: 0, notifiers: [] })
    expect(keepChangesMadeMeanwhile(start, new Map(start), result)).toBe(result)
  })
})

describe('inhibitions()', () => {
  // gw/tps is 50 % of its limit, db/conn 90 %: the database is the chain's bottleneck.
  const s = snapshot({ 'gw/tps': 90, 'db/conn': 48 })
  const all = rules([
    {
      name: 'cap',
      rules: [
        { alert: 'Hot', condition: { type: 'utilisation' }, labels: { severity: 'critical' } },
        { alert: 'HotWarn', condition: { type: 'utilisation', above: 'warn' }, labels: { severity: 'warning' } },
        { alert: 'Stale', condition: { type: 'series-stale', intervals: 0.000001 }, labels: { severity: 'info' } },
        { alert: 'Tight', condition: { type: 'chain-headroom', below: 0.5 }, labels: { severity: 'critical' } },
      ],
    },
  ])
  const cycle = runCycle({
    previous: new Map(),
    observations: observe(all, context(s, new Date(T0.getTime() + 60_000))),
    now: T0,
    resolvedRetentionMs: 0,
    notifiers: [],
  })
  const byName = (alertname: string, app?: string) =>
    [...cycle.instances.values()].find((a) => a.alertname === alertname && (app === undefined || a.labels.app === app))

  it('inhibits the same kind of alert on the other steps while the bottleneck fires', () => {
    const inhibited = inhibitions(cycle.instances.values(), s.chains)
    expect(s.chains[0]?.steps[s.chains[0].bottleneck ?? -1]?.app).toBe('db')
    expect(inhibited.get(byName('Hot', 'gw')!.id)).toBe(byName('Hot', 'db')!.id)
    expect(inhibited.get(byName('HotWarn', 'gw')!.id)).toBe(byName('Hot', 'db')!.id)
  })

  it('leaves the bottleneck itself, the chain alert, stale series and alerts off the chain alone', () => {
    const inhibited = inhibitions(cycle.instances.values(), s.chains)
    for (const a of [byName('Hot', 'db'), byName('Tight'), byName('Stale', 'gw')]) expect(inhibited.has(a!.id)).toBe(false)
    expect([...inhibited.keys()].every((id) => cycle.instances.get(id)?.labels.app === 'gw')).toBe(true)
  })

  it('inhibits nothing when the bottleneck is not firing', () => {
    const calm = snapshot({ 'gw/tps': 90, 'db/conn': 30 })
    const c = runCycle({
      previous: new Map(),
      observations: observe(all, context(calm)),
      now: T0,
      resolvedRetentionMs: 0,
      notifiers: [],
    })
    expect(inhibitions(c.instances.values(), calm.chains).size).toBe(0)
  })
})

describe('silences', () => {
  const silence = (matchers: Silence['matchers'], ends = minutes(60)): Silence => ({
    id: 's1',
    matchers,
    startsAt: T0.toISOString(),
    endsAt: ends.toISOString(),
    createdBy: 'anna',
    comment: 'maintenance',
    createdAt: T0.toISOString(),
  })
  const labels = { alertname: 'Hot', app: 'gw', severity: 'critical' }

  it.each([
    { scenario: 'an equal matcher matches', m: [{ name: 'app', value: 'gw', isRegex: false, isEqual: true }], now: 1, hit: true },
    {
      scenario: 'a regex matches the whole value',
      m: [{ name: 'app', value: 'g.*', isRegex: true, isEqual: true }],
      now: 1,
      hit: true,
    },
    {
      scenario: 'a regex matches only a part',
      m: [{ name: 'app', value: 'g', isRegex: true, isEqual: true }],
      now: 1,
      hit: false,
    },
    {
      scenario: 'a negative matcher excludes',
      m: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: false }],
      now: 1,
      hit: false,
    },
    { scenario: 'the silence has ended', m: [{ name: 'app', value: 'gw', isRegex: false, isEqual: true }], now: 61, hit: false },
  ])('silencedBy() is $hit when $scenario', ({ m, now, hit }) => {
    expect(silencedBy(labels, [silence(m)], minutes(now))).toEqual(hit ? ['s1'] : [])
  })

  it('matchersProblem() refuses matchers that would hide every alert and bad regexes', () => {
    expect(matchersProblem([{ name: 'team', value: '.*', isRegex: true, isEqual: true }])).toMatch(/every alert/)
    expect(matchersProblem([{ name: 'app', value: '(', isRegex: true, isEqual: true }])).toMatch(/not a valid regular expression/)
    expect(matchersProblem([])).toMatch(/at least one matcher/)
    expect(matchersProblem([{ name: 'app', value: 'gw', isRegex: false, isEqual: true }])).toBeNull()
  })
})

describe('templates', () => {
  it.each([
    { text: '{{ appName }} at {{ measured }}', error: null },
    { text: '{{ $labels.team }} {{ $value }}', error: null },
    { text: '{{ apName }}', error: /unknown template value "\{\{ apName \}\}"/ },
    { text: '{{ app | upper }}', error: /is not a template value/ },
    { text: 'broken {{ app', error: /unmatched/ },
  ])('checkTemplate("$text") reports $error', ({ text, error }) => {
    const got = checkTemplate(text, ['appName', 'measured', 'app'])
    if (error === null) expect(got).toBeNull()
    else expect(got).toMatch(error)
  })

  it('renderTemplate() fills names, labels and the value', () => {
    expect(renderTemplate('{{ appName }}/{{ $labels.team }}={{ $value }}', { appName: 'GW' }, { team: 'net' }, '91')).toBe(
      'GW/net=91',
    )
  })
})

describe('overCritical()', () => {
  it('lists metrics whose latest value is at or over critical, not their 24 h peak, and never stale ones', () => {
    const s = snapshot({ 'gw/tps': 85, 'db/conn': 20, 'queue/depth': 999 }, T0, {
      peaks: { 'db/conn': 49 },
      ageMs: { 'queue/depth': 60_000 },
      intervalMs: 5000,
    })
    expect(overCritical(s).map((m) => `${m.app}/${m.metric}`)).toEqual(['gw/tps'])
    expect(overCritical(null)).toEqual([])
  })
})
