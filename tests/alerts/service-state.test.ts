// The published alert state, made a slice at a time: the same state as in
// one go, with a turn offered after every alert, so thousands of alerts at
// 10 000 metrics never hold the event loop together.
import { describe, expect, it } from 'vitest'
import { runCycle } from '../../server/alerts/evaluation/cycle.ts'
import { observe } from '../../server/alerts/evaluation/evaluate.ts'
import { alertsState, alertsStateSteps, sameAlertsState, sameAlertsStateSteps } from '../../server/alerts/service-state.ts'
import { alertsConfig, context, snapshot, T0 } from './support.ts'

const groups = [
  {
    name: 'test',
    rules: [
      { alert: 'Hot', condition: { type: 'utilisation', above: 0.1 } },
      { alert: 'Stale', condition: { type: 'series-stale' }, labels: { severity: 'info' } },
    ],
  },
]

const config = alertsConfig(groups)

/** Every metric well over 10 % of its breakpoint: an alert per metric, and the chains to inhibit along. */
function firing() {
  const ctx = context(snapshot({ 'gw/tps': 95, 'db/conn': 49, 'queue/depth': 900, 'gw/cpu': 90 }))
  const { instances } = runCycle({
    previous: new Map(),
    observations: observe(config.rules, ctx),
    now: T0,
    resolvedRetentionMs: config.resolvedRetentionMs,
    notifiers: [],
  })
  return { ctx, state: { instances, silences: [] } }
}

/** Drives a generator to its end, counting the turns it offers. */
function drive<T>(steps: Generator<void, T>): { value: T; turns: number } {
  let turns = 0
  for (;;) {
    const step = steps.next()
    if (step.done) return { value: step.value, turns }
    turns++
  }
}

describe('alert state in turns', () => {
  it('alertsStateSteps() makes the state alertsState() makes, offering a turn after each alert', () => {
    const { ctx, state } = firing()
    expect(state.instances.size).toBeGreaterThan(1)
    const { value, turns } = drive(alertsStateSteps(config, ctx, state, T0))
    expect(value).toEqual(alertsState(config, ctx, state, T0))
    expect(turns).toBeGreaterThanOrEqual(state.instances.size)
  })

  it('sameAlertsStateSteps() agrees with sameAlertsState() on an unchanged and on a changed state', () => {
    const { ctx, state } = firing()
    const a = alertsState(config, ctx, state, T0)
    const later = alertsState(config, ctx, state, new Date(T0.getTime() + 60_000))
    const changed = { ...a, alerts: a.alerts.map((x, i) => (i === 0 ? { ...x, value: (x.value ?? 0) + 1 } : x)) }
    expect(drive(sameAlertsStateSteps(later, a)).value).toBe(true)
    expect(sameAlertsState(later, a)).toBe(true)
    expect(drive(sameAlertsStateSteps(changed, a)).value).toBe(false)
    expect(sameAlertsState(changed, a)).toBe(false)
  })
})
