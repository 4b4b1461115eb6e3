import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { simulator } from '../../collectors/plugins/simulator/index.ts'
import type { SimulatorConfig } from '../../collectors/plugins/simulator/config.ts'
import type { CollectorContext, Sample } from '../../collectors/types.ts'
import { collectorsFileSchema, estateSchema, type Estate } from '../../server/config/schema.ts'
import { silentLog, tinyEstate } from './support.ts'

const estate = estateSchema.parse(parse(readFileSync('config/estate.yaml', 'utf8')))
/** Series the example estate emits: its drivers plus every metric. */
const SERIES = estate.drivers.length + estate.applications.reduce((n, a) => n + a.metrics.length, 0)
const exampleRaw = collectorsFileSchema.parse(parse(readFileSync('config/collectors.yaml', 'utf8'))).collectors[0]?.config

function config(raw: unknown = exampleRaw): SimulatorConfig {
  const r = simulator.parseConfig(raw)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}

function ctx(at: Date, e: Estate = estate, signal = new AbortController().signal): CollectorContext {
  return { id: 'sim', log: silentLog, signal, now: () => at, estate: e }
}

function collector(): { samples: Sample[]; errors: Error[]; acc: { add(s: Sample): void; addError(e: Error): void } } {
  const samples: Sample[] = []
  const errors: Error[] = []
  return { samples, errors, acc: { add: (s) => samples.push(s), addError: (e) => errors.push(e) } }
}

async function collectAt(at: Date, cfg = config(), e: Estate = estate): Promise<Map<string, number>> {
  const c = collector()
  await simulator.collect(cfg, c.acc, ctx(at, e))
  return new Map(c.samples.map((s) => [`${s.app}/${s.metric}`, s.value]))
}

async function backfill(from: string, to: string, cfg = config(), e: Estate = estate) {
  const c = collector()
  await simulator.backfill?.(cfg, new Date(from), new Date(to), c.acc, ctx(new Date(to), e))
  return c
}

/** Driver series of one backfill, keyed by ISO time. */
function series(samples: Sample[], key: string): { at: Date; value: number }[] {
  return samples.filter((s) => `${s.app}/${s.metric}` === key).map((s) => ({ at: s.at, value: s.value }))
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const mean = (xs: number[]) => sum(xs) / xs.length
const hourOf = (d: Date) => d.getUTCHours() + d.getUTCMinutes() / 60

describe('simulator', () => {
  it('collect() gives identical values for the same seed and time, even with a freshly parsed config', async () => {
    const at = new Date('2026-11-25T10:17:23.000Z')
    const a = await collectAt(at)
    const b = await collectAt(at, config())
    expect(a.size).toBe(SERIES)
    expect([...b]).toEqual([...a])
  })

  it('collect() gives different values when the seed differs', async () => {
    const at = new Date('2026-11-25T10:15:00.000Z')
    const a = await collectAt(at)
    const b = await collectAt(at, config({ ...(exampleRaw as object), seed: 'other' }))
    expect(b.get('drivers/installs')).not.toBe(a.get('drivers/installs'))
  })

  it('collect() at a step time equals the backfill() sample at that time for every series', async () => {
    const { samples } = await backfill('2026-11-25T09:00:00Z', '2026-11-25T11:00:00Z')
    const at = new Date('2026-11-25T10:35:00.000Z')
    const live = await collectAt(at)
    const fromBackfill = new Map(
      samples.filter((s) => s.at.getTime() === at.getTime()).map((s) => [`${s.app}/${s.metric}`, s.value]),
    )
    expect(fromBackfill.size).toBe(live.size)
    expect([...fromBackfill]).toEqual([...live])
  })

  it('collect() moves smoothly between steps, so live samples every 5 s do not jump', async () => {
    const a = await collectAt(new Date('2026-11-25T10:32:30.000Z'))
    const b = await collectAt(new Date('2026-11-25T10:32:35.000Z'))
    const installsA = a.get('drivers/installs') ?? NaN
    expect(Math.abs((b.get('drivers/installs') ?? NaN) - installsA) / installsA).toBeLessThan(0.01)
  })

  it('backfill() emits every step in [from, to), aligned to the step grid', async () => {
    const { samples } = await backfill('2026-11-25T00:02:00Z', '2026-11-26T00:00:00Z')
    const times = [...new Set(samples.map((s) => s.at.getTime()))].sort((x, y) => x - y)
    expect(times).toHaveLength(287) // 00:05 .. 23:55
    expect(new Date(times[0] ?? 0).toISOString()).toBe('2026-11-25T00:05:00.000Z')
    expect(new Date(times.at(-1) ?? 0).toISOString()).toBe('2026-11-25T23:55:00.000Z')
    expect(samples).toHaveLength(287 * SERIES)
  })

  it('backfill() values do not depend on the step: a 15-minute backfill matches the 5-minute one', async () => {
    const fine = await backfill('2026-11-24T00:00:00Z', '2026-11-24T06:00:00Z')
    const coarse = await backfill(
      '2026-11-24T00:00:00Z',
      '2026-11-24T06:00:00Z',
      config({ ...(exampleRaw as object), backfillStepMinutes: 15 }),
    )
    const index = new Map(fine.samples.map((s) => [`${s.app}/${s.metric}@${s.at.getTime()}`, s.value]))
    expect(coarse.samples).toHaveLength(24 * SERIES)
    for (const s of coarse.samples) expect(s.value).toBe(index.get(`${s.app}/${s.metric}@${s.at.getTime()}`))
  })

  it('backfill() peaks installs in the 09:00-12:00 busy window on a weekday', async () => {
    const { samples } = await backfill('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z') // a Wednesday
    const installs = series(samples, 'drivers/installs')
    const peak = installs.reduce((a, b) => (b.value > a.value ? b : a))
    expect(hourOf(peak.at)).toBeGreaterThanOrEqual(9)
    expect(hourOf(peak.at)).toBeLessThan(12)
    const busy = mean(installs.filter((p) => hourOf(p.at) >= 9.5 && hourOf(p.at) < 11.5).map((p) => p.value))
    const afternoon = mean(installs.filter((p) => hourOf(p.at) >= 14.5 && hourOf(p.at) < 15.5).map((p) => p.value))
    const night = mean(installs.filter((p) => hourOf(p.at) < 6).map((p) => p.value))
    expect(busy).toBeGreaterThan(afternoon * 1.3)
    expect(afternoon).toBeGreaterThan(night * 10)
  })

  it('backfill() gives a weekday far more installs than a weekend day', async () => {
    const { samples } = await backfill('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z') // Wednesday
    const weekend = await backfill('2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z') // Saturday
    const wed = sum(series(samples, 'drivers/installs').map((p) => p.value))
    const sat = sum(series(weekend.samples, 'drivers/installs').map((p) => p.value))
    expect(wed).toBeGreaterThan(sat * 2.5)
  })

  it('backfill() spikes firmware downloads and the firmware store during a campaign', async () => {
    const always = config({ ...(exampleRaw as object), firmware: { campaignProbability: 1, startHours: [13], campaignHours: 3 } })
    const never = config({ ...(exampleRaw as object), firmware: { campaignProbability: 0 } })
    const day = ['2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z'] as const
    const withCampaign = await backfill(...day, always)
    const without = await backfill(...day, never)
    const pushes = series(withCampaign.samples, 'drivers/firmware-pushes')
    const peak = pushes.reduce((a, b) => (b.value > a.value ? b : a))
    expect(hourOf(peak.at)).toBeGreaterThanOrEqual(13)
    expect(hourOf(peak.at)).toBeLessThan(16)
    expect(peak.value).toBeGreaterThan(10_000)
    expect(Math.max(...series(without.samples, 'drivers/firmware-pushes').map((p) => p.value))).toBeLessThan(400)
    const downloads = (s: Sample[]) => Math.max(...series(s, 'fw-store/concurrent-downloads').map((p) => p.value))
    expect(downloads(withCampaign.samples)).toBeGreaterThan(downloads(without.samples) * 20)
  })

  it('collect() follows the load model exactly when noise is off', async () => {
    const quiet = config({ ...(exampleRaw as object), noise: { drivers: 0, metrics: 0 } })
    const v = await collectAt(new Date('2026-11-25T10:30:00Z'), quiet)
    const d = (id: string) => v.get(`drivers/${id}`) ?? NaN
    const expected = 10 + 0.00004 * d('active-hubs') + 0.06 * d('installs') + 0.0015 * d('firmware-pushes')
    expect(v.get('sm2m/licence-tps')).toBeCloseTo(Math.round(expected), -1)
  })

  it('backfill() never lets storage shrink and keeps utilisation at or below 100 %', async () => {
    const hot: Estate = estateSchema.parse({
      ...tinyEstate,
      applications: [
        {
          id: 'box',
          name: 'Box',
          metrics: [
            {
              id: 'cpu',
              name: 'CPU',
              kind: 'utilisation',
              unit: '%',
              limits: [{ name: 'c', value: 80, evidence: { source: 'observed', date: '2026-01-01' } }],
              leadTimeDays: 1,
              model: { base: 50, drivers: { installs: 1 } },
            },
            {
              id: 'disk',
              name: 'Disk',
              kind: 'storage',
              unit: 'TB',
              limits: [{ name: 'd', value: 80, evidence: { source: 'observed', date: '2026-01-01' } }],
              leadTimeDays: 1,
              model: { base: 1, drivers: { installs: 0.00001 } },
            },
          ],
        },
      ],
    })
    const { samples } = await backfill('2026-11-23T00:00:00Z', '2026-11-26T00:00:00Z', config(), hot)
    const cpu = series(samples, 'box/cpu').map((p) => p.value)
    expect(Math.max(...cpu)).toBeLessThanOrEqual(100)
    expect(Math.max(...cpu)).toBeGreaterThan(95)
    const disk = series(samples, 'box/disk').map((p) => p.value)
    for (let i = 1; i < disk.length; i++) expect(disk[i]).toBeGreaterThanOrEqual(disk[i - 1] ?? Infinity)
    expect(disk.at(-1)).toBeGreaterThan(disk[0] ?? Infinity)
  })

  it('collect() reports a metric whose model names an unknown driver and still emits the others', async () => {
    const odd = estateSchema.parse({
      ...tinyEstate,
      applications: [
        {
          ...tinyEstate.applications[0],
          metrics: [
            ...(tinyEstate.applications[0]?.metrics ?? []),
            { ...tinyEstate.applications[0]?.metrics[0], id: 'odd', model: { base: 0, drivers: { weather: 2 } } },
          ],
        },
      ],
    })
    const c = collector()
    await simulator.collect(config(), c.acc, ctx(new Date('2026-11-25T10:00:00Z'), odd))
    expect(c.errors.map((e) => e.message)).toEqual(['[metric=app/odd] unknown driver "weather" in its model; not simulated'])
    expect(c.samples.map((s) => `${s.app}/${s.metric}`)).toEqual(['drivers/installs', 'app/tps'])
  })

  it('backfill() generates 30 days of the example estate, yielding to the event loop as it goes', async () => {
    let turns = 0
    const ticker = setInterval(() => (turns += 1), 0)
    const started = performance.now()
    const { samples } = await backfill('2026-10-27T00:00:00Z', '2026-11-26T00:00:00Z')
    const ms = performance.now() - started
    clearInterval(ticker)
    expect(samples).toHaveLength(30 * 288 * SERIES)
    expect(turns).toBeGreaterThan(10)
    console.info(`simulator backfill: ${samples.length} samples in ${ms.toFixed(0)} ms`)
  })

  it('backfill() stops with the abort reason when its signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('scheduler stopped'))
    const c = collector()
    const run = simulator.backfill?.(
      config(),
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-26T00:00:00Z'),
      c.acc,
      ctx(new Date(), estate, controller.signal),
    )
    await expect(run).rejects.toThrow('scheduler stopped')
    expect(c.samples).toHaveLength(0)
  })

  it('parseConfig() reports every problem with its path', () => {
    const r = simulator.parseConfig({
      seed: 1.5,
      backfillDays: -1,
      colour: 'red',
      installs: { busyWindows: [{ from: '9am', weight: 2 }] },
    })
    expect(r.ok).toBe(false)
    const issues = r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^seed: /),
        expect.stringMatching(/^backfillDays: /),
        'colour: unknown key "colour"',
        'installs.busyWindows.0.from: expected a time of day like "09:00"',
        expect.stringMatching(/^installs\.busyWindows\.0\.to: /),
      ]),
    )
  })

  it('parseConfig() accepts an empty block with defaults', () => {
    const r = simulator.parseConfig(undefined)
    expect(r.ok && r.value.backfillDays).toBe(30)
    expect(r.ok && r.value.installs.busyWindows[0]).toEqual({ from: 9, to: 12, weight: 3 })
  })
})
