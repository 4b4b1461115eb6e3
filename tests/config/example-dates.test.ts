// The example estate never goes stale: every date in it moves by whole weeks
// to the data dir's first start. The clock is pinned: "today" is an argument
// (never the calendar), so these hold whenever the suite runs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importCsvFile } from '../../collectors/plugins/csv/import.ts'
import type { Sample } from '../../collectors/types.ts'
import { findStaleEvidence } from '../../server/capacity/limits/evidence.ts'
import { exampleShiftDays, shiftExampleDates } from '../../server/config/example-dates.ts'
import { loadConfig } from '../../server/config/load.ts'
import { dataDirFirstStart } from '../../server/runtime/example-start.ts'

const configDir = join(import.meta.dirname, '..', '..', 'config')
const DAY = 86_400_000
const asOf = Date.parse('2026-12-01T00:00:00Z')

describe('exampleShiftDays()', () => {
  it.each([
    { started: '2026-12-01T09:00:00Z', days: 0 },
    { started: '2026-12-07T23:00:00Z', days: 0 },
    { started: '2026-12-08T00:00:00Z', days: 7 },
    { started: '2027-12-03T12:00:00Z', days: 364 },
    { started: '2026-11-20T00:00:00Z', days: -14 },
  ])('exampleShiftDays() is $days when the data dir was first started $started', ({ started, days }) => {
    expect(exampleShiftDays('2026-12-01', new Date(started))).toBe(days)
  })

  it('exampleShiftDays() is 0 for an estate without exampleDatesAsOf', () => {
    expect(exampleShiftDays(undefined, new Date('2031-01-01T00:00:00Z'))).toBe(0)
  })
})

describe('the example estate a year later', () => {
  it('shiftExampleDates() moves evidence, the simulator epoch and the in-config CSV folders, not outside ones', async () => {
    const config = await loadConfig(configDir)
    expect(config.estate.exampleDatesAsOf).toBe('2026-12-01')
    const moved = shiftExampleDates(config, 364)
    const dates = (c: typeof config) =>
      c.estate.applications.flatMap((a) => a.metrics.flatMap((m) => m.limits.map((l) => l.evidence.date)))
    const before = dates(config)
    const after = dates(moved)
    after.forEach((d, i) => expect(Date.parse(d) - Date.parse(before[i] ?? '')).toBe(364 * DAY))
    const entry = (c: typeof config, id: string) =>
      c.collectors.collectors.find((e) => e.id === id)?.config as Record<string, unknown>
    expect(entry(moved, 'sim').epoch).toBe('2026-12-31')
    expect(entry(moved, 'forecasts').shiftDays).toBe(364)
    expect(entry(moved, 'perf-tests').shiftDays).toBe(364)
    // A csv folder outside the config dir is real data: left as written.
    const outside = { ...config, dir: '/somewhere/else' }
    expect(entry(shiftExampleDates(outside, 364), 'forecasts').shiftDays).toBeUndefined()
  })

  it('shows the same stale evidence with the same ages when opened a year later as on the day it was written', async () => {
    const config = await loadConfig(configDir)
    const days = exampleShiftDays(config.estate.exampleDatesAsOf, new Date(asOf + 368 * DAY))
    const later = shiftExampleDates(config, days)
    const onTheDay = findStaleEvidence(config.estate, asOf + 2 * DAY)
    const aYearLater = findStaleEvidence(later.estate, asOf + 2 * DAY + days * DAY)
    expect(onTheDay.length).toBeGreaterThanOrEqual(2)
    expect(aYearLater.map((s) => [s.app, s.metric, s.ageDays])).toEqual(onTheDay.map((s) => [s.app, s.metric, s.ageDays]))
  })

  it('importCsvFile() with shiftDays moves every forecast date by that many days and keeps the values', async () => {
    const file = join(configDir, 'forecasts', 'dcc-forecast-round-1.csv')
    const read = async (shiftDays: number): Promise<Sample[]> => {
      const out: Sample[] = []
      await importCsvFile(file, { kind: 'driver-forecast', shiftDays, sink: (s) => void out.push(...s) })
      return out
    }
    const asWritten = await read(0)
    const moved = await read(364)
    expect(moved).toHaveLength(asWritten.length)
    expect(asWritten[0]?.at.toISOString()).toBe('2026-09-01T00:00:00.000Z')
    moved.forEach((s, i) => {
      expect(s.at.getTime() - (asWritten[i]?.at.getTime() ?? 0)).toBe(364 * DAY)
      expect(s.value).toBe(asWritten[i]?.value)
    })
  })
})

describe('dataDirFirstStart()', () => {
  it('dataDirFirstStart() remembers the first start, so the shift does not move on later starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headroom-first-start-'))
    try {
      const first = new Date('2027-12-03T10:00:00Z')
      expect(await dataDirFirstStart(dir, first)).toEqual(first)
      expect(await dataDirFirstStart(dir, new Date('2028-03-01T10:00:00Z'))).toEqual(first)
      await writeFile(join(dir, 'example-start.json'), 'not json')
      const again = new Date('2028-04-01T00:00:00Z')
      expect(await dataDirFirstStart(dir, again)).toEqual(again)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
