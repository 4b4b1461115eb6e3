// Example data that never goes stale. The example estate is written as of
// one day (estate.yaml `exampleDatesAsOf`); when a data dir is first started
// later, every date in the config moves forward by the same whole number of
// weeks (whole weeks keep weekdays on weekdays): evidence dates, the
// simulator's epoch, and the dates in the CSV files that csv collectors read
// from inside the config directory (forecast versions, perf tests). The
// estate then looks the same, with the same ages and the same overlaps,
// whenever it is cloned. Pure: the day of first start is an argument.
import { isAbsolute, relative, resolve } from 'node:path'
import type { LoadedConfig } from './load.ts'

const DAY_MS = 86_400_000

/** Whole weeks from `asOf` to `firstStart` (negative when started before it), in days. */
export function exampleShiftDays(asOf: string | undefined, firstStart: Date): number {
  if (!asOf) return 0
  const days = Math.floor((firstStart.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS)
  return Math.floor(days / 7) * 7
}

export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

function inside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

type Entry = LoadedConfig['collectors']['collectors'][number]

function shiftEntry(entry: Entry, days: number, configDir: string): Entry {
  const raw: unknown = entry.config
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return entry
  const config = raw as Record<string, unknown>
  if (entry.type === 'simulator') {
    const epoch = typeof config.epoch === 'string' ? config.epoch : '2026-01-01'
    return { ...entry, config: { ...config, epoch: shiftDate(epoch, days) } }
  }
  if (entry.type === 'csv' && typeof config.folder === 'string' && inside(configDir, config.folder)) {
    const own = typeof config.shiftDays === 'number' ? config.shiftDays : 0
    return { ...entry, config: { ...config, shiftDays: own + days } }
  }
  return entry
}

/** The config with its example dates moved by `days` (the same config when 0 or not an example). */
export function shiftExampleDates(config: LoadedConfig, days: number): LoadedConfig {
  if (days === 0 || !config.estate.exampleDatesAsOf) return config
  const estate = {
    ...config.estate,
    applications: config.estate.applications.map((a) => ({
      ...a,
      metrics: a.metrics.map((m) => ({
        ...m,
        limits: m.limits.map((l) => ({ ...l, evidence: { ...l.evidence, date: shiftDate(l.evidence.date, days) } })),
      })),
    })),
  }
  const collectors = {
    ...config.collectors,
    collectors: config.collectors.collectors.map((e) => shiftEntry(e, days, config.dir)),
  }
  return { ...config, estate, collectors }
}
