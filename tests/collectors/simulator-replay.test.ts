// Replay of a recorded series through the simulator, with the real NAB
// nyc_taxi file (30-minute taxi passenger counts, 2014-07-01..2015-01-31).
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { simulator } from '../../collectors/plugins/simulator/index.ts'
import type { SimulatorConfig } from '../../collectors/plugins/simulator/config.ts'
import { parseReplay, replayValueAt } from '../../collectors/plugins/simulator/replay.ts'
import type { CollectorContext, Sample } from '../../collectors/types.ts'
import { estateSchema } from '../../server/config/schema.ts'
import { silentLog } from './support.ts'

const estate = estateSchema.parse(parse(readFileSync('config/estate.yaml', 'utf8')))
const NAB = 'tests/fixtures/nab/nyc_taxi.csv'
const WEEK = 7 * 86_400_000
const last = Date.parse('2015-01-31T23:30:00Z')

function config(replay: unknown[]): SimulatorConfig {
  const r = simulator.parseConfig({ seed: 'replay', replay })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}

function run() {
  const samples: Sample[] = []
  const errors: Error[] = []
  return { samples, errors, acc: { add: (s: Sample) => samples.push(s), addError: (e: Error) => errors.push(e) } }
}

function ctx(now: Date): CollectorContext {
  return { id: 'sim', log: silentLog, signal: new AbortController().signal, now: () => now, estate }
}

const taxi = { file: NAB, app: 'sm2m', metric: 'messages-per-second', scale: 0.01 }

describe('simulator replay', () => {
  it('collect() plays the NAB series in place of the simulated one, ending within a week before now at the same weekday and time', async () => {
    const cfg = config([taxi])
    // A Saturday 23:30 UTC, an exact number of weeks after the recording's last point: the last value plays.
    const now = new Date(last + 52 * WEEK)
    const c = run()
    await simulator.collect(cfg, c.acc, ctx(now))
    expect(c.errors).toEqual([])
    const mine = c.samples.filter((s) => s.app === 'sm2m' && s.metric === 'messages-per-second')
    expect(mine).toHaveLength(1)
    expect(mine[0]!.value).toBeCloseTo(262.88, 2)
    // The rest of the estate is still simulated.
    expect(c.samples.some((s) => s.app === 'sm2m' && s.metric === 'cpu-percent')).toBe(true)
  })

  it('backfill() gives the recorded shape: the same value at the same offset as collect() does', async () => {
    const cfg = config([taxi])
    const now = new Date(last + 52 * WEEK + 3 * 3_600_000)
    const c = run()
    await simulator.backfill?.(cfg, new Date(now.getTime() - 86_400_000), now, c.acc, ctx(now))
    const mine = c.samples.filter((s) => s.app === 'sm2m' && s.metric === 'messages-per-second')
    expect(mine.length).toBe(288)
    // 2015-01-31 10:00 UTC was 17,645 passengers per half hour in the recording (scaled by 0.01).
    const at = last + 52 * WEEK - 13.5 * 3_600_000
    expect(mine.find((s) => s.at.getTime() === at)?.value).toBeCloseTo(176.45, 2)
    const live = run()
    await simulator.collect(cfg, live.acc, ctx(new Date(at)))
    expect(live.samples.find((s) => s.metric === 'messages-per-second' && s.app === 'sm2m')?.value).toBeCloseTo(176.45, 2)
  })

  it('collect() emits nothing for the replayed series after its end when loop is false', async () => {
    const cfg = config([{ ...taxi, loop: false }])
    const c = run()
    await simulator.collect(cfg, c.acc, ctx(new Date(last + 52 * WEEK + 6 * 86_400_000)))
    expect(c.samples.filter((s) => s.app === 'sm2m' && s.metric === 'messages-per-second')).toHaveLength(0)
  })

  it('collect() reports a missing replay file naming it, and still simulates the estate', async () => {
    const cfg = config([{ ...taxi, file: 'tests/fixtures/nab/missing.csv' }])
    const c = run()
    await simulator.collect(cfg, c.acc, ctx(new Date()))
    expect(c.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^\[replay file=tests\/fixtures\/nab\/missing\.csv\] tests\/fixtures\/nab\/missing\.csv: cannot read .*missing\.csv \(ENOENT\)$/,
      ),
    ])
    expect(c.samples.length).toBeGreaterThan(10)
  })

  it('collect() reports a replay into a series the estate does not have', async () => {
    const cfg = config([{ ...taxi, metric: 'taxis' }])
    const c = run()
    await simulator.collect(cfg, c.acc, ctx(new Date()))
    expect(c.errors.map((e) => e.message)).toEqual([`[replay file=${NAB}] sm2m/taxis is not a metric (or driver) in estate.yaml`])
  })

  it('parseConfig() rejects an unknown replay key with its path', () => {
    const r = simulator.parseConfig({ replay: [{ ...taxi, shift: 'now' }] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues).toEqual([{ path: ['replay', 0, 'shift'], message: 'unknown key "shift"' }])
  })
})

describe('replayValueAt()', () => {
  const series = parseReplay('timestamp,value\n2020-01-01 00:00,10\n2020-01-01 01:00,20\n2020-01-01 02:00,40\n', 'x.csv', {
    timeColumn: 'timestamp',
    valueColumn: 'value',
    scale: 1,
  })
  const h = 3_600_000
  const t0 = Date.parse('2020-01-01T00:00:00Z')
  it.each([
    { scenario: 'on a recorded point', t: t0 + h, loop: true, expected: 20 },
    { scenario: 'half-way between points', t: t0 + 1.5 * h, loop: true, expected: 30 },
    { scenario: 'in the wrap step of a loop (last back to first)', t: t0 + 2.5 * h, loop: true, expected: 25 },
    { scenario: 'one period later', t: t0 + 3 * h + h, loop: true, expected: 20 },
    { scenario: 'before the start without loop', t: t0 - h, loop: false, expected: null },
    { scenario: 'after the end without loop', t: t0 + 2.5 * h, loop: false, expected: null },
  ])('replayValueAt() is $expected $scenario', ({ t, loop, expected }) => {
    expect(replayValueAt(series, 0, loop, t)).toBe(expected)
  })

  it('parseReplay() names file:line and column for a bad value', () => {
    expect(() =>
      parseReplay('timestamp,value\n2020-01-01,1\n2020-01-02,x\n', 'bad.csv', {
        timeColumn: 'timestamp',
        valueColumn: 'value',
        scale: 1,
      }),
    ).toThrow("bad.csv:3 value: expected a number, got 'x'")
  })
})
